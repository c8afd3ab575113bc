// Starting the other CPUs: each gets an idle thread, whose stack it starts
// on, and a record (hal.cpuPrepare) its start path hands it; then the
// platform starts it (Limine's goto_address, INIT-SIPI, SBI HSM) and we wait
// for it to reach C. It then waits for the big kernel lock and runs
// cpuStarted, which makes it one more CPU the scheduler uses.
import { BootInfo } from "../../boot/bootinfo";
import { Platform } from "../platform";
import { Cpu, cpus, MAX_CPUS, onlineCpus } from "./cpu";
import { createIdleThread, stackTop, shadowTop, runIdle, schedError, yieldCpu } from "../sched/sched";
import { println, dec } from "../console";
import { nowNs } from "./time";
import { cpuPrepare, cpuArrived, cpuSetHwId, waitForInterrupt } from "../../hal/hal";

const START_TIMEOUT_NS: u64 = 1_000_000_000;

// CPUs the loader reported that were not started (and may still be parked in
// the loader's memory).
export let cpusLeftParked: i32 = 0;
let platform: Platform | null = null;

// CPU 0 is the one running now.
export function initBootCpu(info: BootInfo, p: Platform): Cpu {
  platform = p;
  const hw = p.bootCpuHwId(info);
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
  const p = platform!;
  const boot = cpus[0];
  const others = info.cpus.length - 1;
  if (others <= 0) { println("smp: 1 CPU"); return; }
  const why = p.prepareSmp(info, root);
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
    const name = "cpu " + dec(index) + " (" + p.cpuIdName + " " + dec(cpu.hwId) + ")";
    if (index >= MAX_CPUS) {
      println("smp: " + name + " and later ones stay off: Nexus runs at most " + dec(MAX_CPUS) + " CPUs");
      cpusLeftParked += info.cpus.length - i;
      break;
    }
    const idle = createIdleThread(index);
    if (idle === null) { println("smp: " + name + ": " + schedError); cpusLeftParked++; continue; }
    const c = new Cpu(index, cpu.hwId);
    c.idle = idle;
    cpus.push(c);
    const failed = p.startCpu(cpu, cpuPrepare(index, cpu.hwId, stackTop(idle), <u32>shadowTop(idle)), info);
    if (failed.length == 0 && waitArrived(index)) { started++; continue; }
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
  platform!.initCpu();
  runIdle(c);
}
