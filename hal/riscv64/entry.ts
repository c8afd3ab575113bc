// The riscv64 kernel: the wasm module's root, entered from hal/common/boot.c.
// Read the boot protocol (a DTB from OpenSBI/U-Boot, or Limine's responses
// plus its DTB) into a BootInfo (boot/riscv64/dtb.ts, boot/limine.ts), bring
// up the console it names, build the platform, run the generic kernel.
import { BootInfo, bootError, setBootError } from "../../boot/bootinfo";
import { BOOT_LIMINE, BOOT_LINUX_IMAGE } from "../../boot/protocol";
import { parseLimine } from "../../boot/limine";
import { bootInfoFromDtb } from "../../boot/riscv64/dtb";
import { println, setConsole } from "../../kernel/console";
import { kernelMain } from "../../kernel/main";
import { UART_NONE } from "../../drivers/uart/uart";
import { mmioUart } from "../../drivers/uart/mmio";
import { riscvPlatform, riscvPower } from "./platform";
import { sbiPrint } from "./sbi";

export function kernelEntry(proto: u32, info: u64, arg: u64, hhdm: u64, kernelPhys: u64, kernelVirt: u64, kernelSize: u64): void {
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
    if (ok && boot.dtb == 0) {
      ok = false;
      setBootError("limine: no device tree response");
    }
    if (ok) ok = bootInfoFromDtb(boot, boot.hhdm + boot.dtb, boot.dtb, false);
  } else {
    setBootError("unknown boot protocol " + proto.toString());
  }
  if (boot.uart.kind != UART_NONE) setConsole(mmioUart(boot.uart, boot.hhdm));
  if (!ok) {
    const msg = "PANIC: boot: " + bootError;
    if (boot.uart.kind != UART_NONE) println(msg);
    else sbiPrint(msg + "\n");
    riscvPower(boot).poweroff(false);
    return;
  }
  kernelMain(boot, riscvPlatform(boot));
}

// What the C half calls besides kernelEntry: the same on every architecture.
export * from "../../kernel/entrypoints";
