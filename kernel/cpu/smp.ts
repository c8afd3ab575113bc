// Starting the other CPUs: each gets an idle thread, whose stack it starts
// on, and a record (smp.cpuPrepare) its start path hands it; then the
// platform starts it (Limine's goto_address, INIT-SIPI, SBI HSM) and we wait
// for it to reach C. It then waits for the big kernel lock and runs
// cpuStarted, which makes it one more CPU the scheduler uses.
import { BootInfo } from "../../boot/bootinfo";
import { CpuStarter } from "../../hal/platform";
import { Cpu, cpus, MAX_CPUS, onlineCpus } from "./cpu";
import { createIdleThread, shadowTop, runIdle, schedError, yieldCpu } from "../sched/sched";
import { stackTop } from "../sched/stack";
import { println, dec } from "../console";
import { nowNs } from "./time";
import { waitForInterrupt } from "../../hal/cpu";
import { cpuPrepare, cpuArrived, cpuSetHwId } from "../../hal/smp";

const START_TIMEOUT_NS: u64 = 1_000_000_000;

// CPUs the loader reported that were not started (and may still be parked in
// the loader's memory).
export let cpusLeftParked: i32 = 0;
let starter: CpuStarter | null = null;

// CPU 0 is the one running now.
export function initBootCpu(info: BootInfo, s: CpuStarter): Cpu {
  starter = s;
  const hw = s.bootCpuHwId(info);
  const c = new Cpu(0, hw);
  cpus.push(c);
  cpuSetHwId(0, hw);
  return c;
}

function waitArrived(index: u32): bool {
  const deadline = nowNs() + START_TIMEOUT_NS;
  while (nowNs() < deadline) if (cpuArrived(index) != 0) return true;
  return false;
}

export function startSecondaryCpus(info: BootInfo, root: u64): void {
  const p = starter!;
  const boot = cpus[0];
  const others = info.cpus.length - 1;
  if (others <= 0) {
    println("smp: 1 CPU");
    return;
  }
  const why = p.prepare(info, root);
  if (why.length > 0) {
    println("smp: " + why + "; running on the boot CPU only");
    cpusLeftParked = others;
    return;
  }
  let started = 0;
  for (let i = 0; i < info.cpus.length; i++) {
    const cpu = info.cpus[i];
    if (cpu.hwId == boot.hwId) continue;
    const index = <u32>cpus.length;
    const name = "cpu " + dec(index) + " (" + p.idName + " " + dec(cpu.hwId) + ")";
    if (index >= MAX_CPUS) {
      println("smp: " + name + " and later ones stay off: Nexus runs at most " + dec(MAX_CPUS) + " CPUs");
      cpusLeftParked += info.cpus.length - i;
      break;
    }
    const idle = createIdleThread(index);
    if (idle === null) {
      println("smp: " + name + ": " + schedError);
      cpusLeftParked++;
      continue;
    }
    const c = new Cpu(index, cpu.hwId);
    c.idle = idle;
    cpus.push(c);
    const failed = p.start(cpu, cpuPrepare(index, cpu.hwId, stackTop(idle), <u32>shadowTop(idle)), info);
    if (failed.length == 0 && waitArrived(index)) {
      started++;
      continue;
    }
    println("smp: " + name + " did not start: " + (failed.length > 0 ? failed : "no sign of it after 1 s"));
    c.abandoned = true;
    cpusLeftParked++;
  }
  // They wait for the kernel lock: let each one in to come online.
  const deadline = nowNs() + START_TIMEOUT_NS;
  while (onlineCpus() < started + 1 && nowNs() < deadline) yieldCpu();
  println("smp: " + dec(<u64>onlineCpus()) + " of " + dec(info.cpus.length) + " CPUs online");
}

// On each secondary CPU, holding the kernel lock for the first time.
export function cpuStarted(index: u32): void {
  const c = cpus[index];
  if (c.abandoned) {
    // It came after we gave up on it: keep it out of the way for good.
    while (true) waitForInterrupt();
  }
  starter!.initCpu();
  runIdle(c);
}
