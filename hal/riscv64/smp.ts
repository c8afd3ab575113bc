// Starting riscv64 harts: Limine parks them and we hand each its entry;
// otherwise the SBI HSM extension starts one at the physical address of
// hsm_entry (hal/riscv64/smp.S) with its record's physical address.
import { BootInfo, CpuInfo } from "../../boot/bootinfo";
import { store64 } from "../memory";
import { CpuStarter } from "../platform";
import { sbiCall, hasExtension, sbiErrorName, SBI_EXT_HSM, SBI_EXT_IPI, SBI_HART_START } from "./sbi";

@external("riscv", "limine_ap_entry") declare function limineApEntry(): u64;
@external("riscv", "hsm_entry") declare function hsmEntry(): u64;

// struct limine_smp_info (riscv64): goto_address at 24, extra_argument at 32.
const LIMINE_GOTO: u64 = 24,
  LIMINE_EXTRA: u64 = 32;

export class RiscvCpuStarter implements CpuStarter {
  constructor(public bootHart: u32) {}

  bootCpuHwId(info: BootInfo): u32 {
    return this.bootHart;
  }
  get idName(): string {
    return "hart";
  }

  prepare(info: BootInfo, root: u64): string {
    if (!hasExtension(SBI_EXT_IPI)) return "the SBI firmware has no IPI extension";
    for (let i = 0; i < info.cpus.length; i++) {
      if (info.cpus[i].limineInfo == 0 && !hasExtension(SBI_EXT_HSM)) return "the SBI firmware has no HSM extension to start harts";
    }
    return "";
  }

  start(cpu: CpuInfo, record: u64, info: BootInfo): string {
    if (cpu.limineInfo != 0) {
      store64(cpu.limineInfo + LIMINE_EXTRA, record);
      store64(cpu.limineInfo + LIMINE_GOTO, limineApEntry());
      return "";
    }
    const toPhys = info.kernelPhys - info.kernelVirt; // the kernel image is contiguous
    const e = sbiCall(SBI_EXT_HSM, SBI_HART_START, cpu.hwId, hsmEntry() + toPhys, record + toPhys);
    return e == 0 ? "" : "SBI hart_start: " + sbiErrorName(e);
  }

  initCpu(): void {}
}
