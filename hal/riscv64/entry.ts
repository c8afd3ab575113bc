// riscv64 kernel entry, called by hal/common/boot.c: normalise the boot
// protocol (a DTB from OpenSBI/U-Boot, or Limine's responses plus its DTB)
// into a BootInfo, bring up the console it names, run the generic kernel.
import { BootInfo, bootError, setBootError } from "../../boot/bootinfo";
import { console, println } from "../../kernel/console";
import { kernelMain } from "../../kernel/main";
import { parseLimine } from "../../boot/limine";
import { bootInfoFromDtb } from "../../boot/riscv64/dtb";
import { RiscvPlatform } from "./platform";
import { sbiCall, setPoweroff } from "../hal";

// Must match enum boot_protocol in hal/common/nexus.h.
const BOOT_LIMINE: u32 = 1;
const BOOT_LINUX_IMAGE: u32 = 4;

// No UART known: say why through the SBI legacy console.
function sbiPrint(s: string): void {
  for (let i = 0; i < s.length; i++) sbiCall(1, 0, <u64>s.charCodeAt(i), 0, 0);
}

export function kernelEntry(proto: u32, info: u64, arg: u64, hhdm: u64, kernelPhys: u64, kernelVirt: u64, kernelSize: u64): void {
  const platform = new RiscvPlatform();
  const boot = new BootInfo();
  boot.hhdm = hhdm;
  boot.kernelPhys = kernelPhys;
  boot.kernelVirt = kernelVirt;
  boot.kernelSize = kernelSize;
  let ok = false;
  if (proto == BOOT_LINUX_IMAGE) {
    boot.protocol = "linux-image";
    boot.firmware = "SBI";
    boot.bootHart = <i64>arg;
    ok = bootInfoFromDtb(boot, hhdm + info, info, true);
  } else if (proto == BOOT_LIMINE) {
    ok = parseLimine(boot, info, true);
    if (ok && boot.dtb == 0) { ok = false; setBootError("limine: no device tree response"); }
    if (ok) ok = bootInfoFromDtb(boot, boot.hhdm + boot.dtb, boot.dtb, false);
  } else {
    setBootError("unknown boot protocol " + proto.toString());
  }
  if (boot.uart.kind != 0) console.init(boot.uart, boot.hhdm);
  if (boot.poweroffBase != 0) setPoweroff(boot.hhdm + boot.poweroffBase);
  if (!ok) {
    const msg = "PANIC: boot: " + bootError + "\n";
    if (boot.uart.kind != 0) println(msg); else sbiPrint(msg);
    platform.poweroff(false, boot);
    return;
  }
  platform.timebaseHz = boot.timebaseHz;
  platform.bootHart = boot.bootHart >= 0 ? <u32>boot.bootHart : 0;
  kernelMain(boot, platform);
}

// What the C half calls besides kernelEntry: the same on every architecture.
export { timerInterrupt, deviceInterrupt, threadMain, cpuMain, pageFault, shadowStackPointer, setShadowStackPointer } from "../../kernel/entrypoints";
