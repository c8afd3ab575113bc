// The Limine protocol (base revision 2, Limine 8.x): read the responses the
// bootloader wrote into our request block (boot/limine_requests.c, whose layout
// the offsets below follow). Every pointer Limine gives is already a
// higher-half (HHDM) virtual address.
import { load32, load64 } from "../hal/memory";
import { BootInfo, MemRegion, MemKind, BootModule, CpuInfo, setBootError } from "./bootinfo";
import { readCString } from "./strings";

// Offsets into the block, from `limine_requests` (the base revision tag).
// A request is {id[4], revision, response} = 48 bytes; its response pointer is at +40.
const REQ: u64 = 48;
const BASE_REVISION: u64 = 0; // 3 x u64
const BOOTLOADER_INFO: u64 = 24;
const FIRMWARE_TYPE: u64 = BOOTLOADER_INFO + REQ;
const HHDM: u64 = FIRMWARE_TYPE + REQ;
const MEMMAP: u64 = HHDM + REQ;
const MODULES: u64 = MEMMAP + REQ; // + internal_module_count, internal_modules
const KERNEL_FILE: u64 = MODULES + REQ + 16;
const KERNEL_ADDRESS: u64 = KERNEL_FILE + REQ;
const RSDP: u64 = KERNEL_ADDRESS + REQ;
const SMP: u64 = RSDP + REQ; // + flags
const DTB: u64 = SMP + REQ + 8;
const RESPONSE: u64 = 40;

const MAX_MMAP_ENTRIES: u64 = 512;
const MAX_MODULES: u64 = 64;
const MAX_CPUS: u64 = 4096;

function response(block: u64, req: u64): u64 {
  return load64(block + req + RESPONSE);
}

export function parseLimine(info: BootInfo, block: u64, isRiscv: bool): bool {
  info.protocol = "limine";
  if (load64(block + BASE_REVISION + 16) != 0) {
    setBootError("limine: the bootloader does not support base revision 2");
    return false;
  }

  const hhdm = response(block, HHDM);
  if (hhdm == 0) {
    setBootError("limine: no HHDM response");
    return false;
  }
  info.hhdm = load64(hhdm + 8);

  const loader = response(block, BOOTLOADER_INFO);
  if (loader != 0) info.loader = readCString(load64(loader + 8), 64) + " " + readCString(load64(loader + 16), 64);

  const fw = response(block, FIRMWARE_TYPE);
  if (fw != 0) {
    const t = load64(fw + 8);
    info.firmware = t == 0 ? "BIOS" : t == 1 ? "UEFI (32-bit)" : t == 2 ? "UEFI" : "firmware type " + t.toString();
  } else if (isRiscv) {
    info.firmware = "UEFI"; // Limine runs only as a UEFI application on riscv64
  }

  const mm = response(block, MEMMAP);
  if (mm == 0) {
    setBootError("limine: no memory map response");
    return false;
  }
  const count = load64(mm + 8);
  const entries = load64(mm + 16);
  if (count == 0 || count > MAX_MMAP_ENTRIES) {
    setBootError("limine: " + count.toString() + " memory map entries (1.." + MAX_MMAP_ENTRIES.toString() + ")");
    return false;
  }
  for (let i: u64 = 0; i < count; i++) {
    const e = load64(entries + i * 8);
    const type = load64(e + 16);
    info.memory.push(new MemRegion(load64(e), load64(e + 8), type <= 7 ? <MemKind>type : MemKind.Reserved));
  }

  const mods = response(block, MODULES);
  if (mods != 0) {
    const n = load64(mods + 8);
    if (n > MAX_MODULES) {
      setBootError("limine: " + n.toString() + " modules (max " + MAX_MODULES.toString() + ")");
      return false;
    }
    const list = load64(mods + 16);
    for (let i: u64 = 0; i < n; i++) {
      const f = load64(list + i * 8);
      info.modules.push(new BootModule(load64(f + 8) - info.hhdm, load64(f + 16), readCString(load64(f + 24), 256)));
    }
  }

  const kf = response(block, KERNEL_FILE);
  if (kf != 0) {
    const cmdline = load64(load64(kf + 8) + 32);
    if (cmdline != 0) info.cmdline = readCString(cmdline, 4096);
  }

  const ka = response(block, KERNEL_ADDRESS);
  if (ka != 0) {
    info.kernelPhys = load64(ka + 8);
    info.kernelVirt = load64(ka + 16);
  }

  const rsdp = response(block, RSDP);
  if (rsdp != 0) {
    // Base revision 2 gives the RSDP as an HHDM address on every firmware.
    const a = load64(rsdp + 8);
    info.rsdp = a >= info.hhdm ? a - info.hhdm : a;
  }

  const smp = response(block, SMP);
  if (smp != 0) {
    // x86_64: {revision, u32 flags, u32 bsp_lapic_id, u64 cpu_count, cpus};
    // riscv64: {revision, u64 flags, u64 bsp_hartid, u64 cpu_count, cpus}.
    const n = load64(smp + (isRiscv ? 24 : 16));
    if (n == 0 || n > MAX_CPUS) {
      setBootError("limine: SMP response says " + n.toString() + " cpus");
      return false;
    }
    info.cpuCount = <i32>n;
    if (isRiscv) info.bootHart = <i64>load64(smp + 16);
    info.bootCpuHwId = isRiscv ? <i64>load64(smp + 16) : <i64>load32(smp + 12);
    // struct limine_smp_info: x86_64 {u32 processor_id, u32 lapic_id, ...};
    // riscv64 {u64 processor_id, u64 hartid, ...}.
    const list = load64(smp + (isRiscv ? 32 : 24));
    if (list == 0) {
      setBootError("limine: the SMP response has no CPU list");
      return false;
    }
    for (let i: u64 = 0; i < n; i++) {
      const cpu = load64(list + i * 8);
      info.cpus.push(new CpuInfo(isRiscv ? <u32>load64(cpu + 8) : load32(cpu + 4), cpu));
    }
  }

  const dtb = response(block, DTB);
  if (dtb != 0) {
    const p = load64(dtb + 8);
    info.dtb = p >= info.hhdm ? p - info.hhdm : p;
  }
  return true;
}
