// The boot-info record: every boot path (Limine, multiboot2, PVH, the RISC-V
// Linux Image header, ...) is normalised into one of these before the kernel
// proper looks at anything. Parsers live in boot/ (boot/limine.ts,
// boot/<arch>/); each fills a BootInfo or returns false with bootError set to
// a one-line reason. A leaf: it imports nothing.

// "No interrupt line": an IRQ field nobody set (kernel/cpu/irq.ts).
export const NO_IRQ: u32 = 0xffffffff;

export const enum MemKind {
  Usable = 0,
  Reserved = 1,
  AcpiReclaimable = 2,
  AcpiNvs = 3,
  Bad = 4,
  BootloaderReclaimable = 5,
  KernelAndModules = 6,
  Framebuffer = 7,
}

export function memKindName(k: MemKind): string {
  switch (k) {
    case MemKind.Usable:
      return "usable";
    case MemKind.Reserved:
      return "reserved";
    case MemKind.AcpiReclaimable:
      return "acpi-reclaimable";
    case MemKind.AcpiNvs:
      return "acpi-nvs";
    case MemKind.Bad:
      return "bad";
    case MemKind.BootloaderReclaimable:
      return "bootloader-reclaimable";
    case MemKind.KernelAndModules:
      return "kernel+modules";
    case MemKind.Framebuffer:
      return "framebuffer";
  }
  return "unknown";
}

export class MemRegion {
  constructor(
    public base: u64,
    public length: u64,
    public kind: MemKind,
  ) {}
}

export class BootModule {
  constructor(
    public phys: u64,
    public size: u64,
    public name: string,
  ) {}
}

// A CPU the loader or firmware reports: its hardware id (local APIC id or
// hart id) and, after Limine, the record whose goto_address starts it.
export class CpuInfo {
  constructor(
    public hwId: u32,
    public limineInfo: u64,
  ) {}
}

// The UART the console uses; kinds match drivers/uart/uart.ts.
export class UartInfo {
  kind: u32 = 0; // UartKind
  base: u64 = 0; // physical MMIO base, or the I/O port on x86
  regShift: u32 = 0;
  regWidth: u32 = 1; // bytes per register access
  clockHz: u32 = 0;
  irq: u32 = NO_IRQ; // its input on the interrupt controller (kernel/cpu/irq.ts)
}

// riscv64's interrupt controller as the device tree describes it
// (hal/riscv64/plic.ts reads it): where, how many sources, and the boot hart's
// supervisor-mode context; or why there is none.
export class PlicInfo {
  base: u64 = 0; // physical
  size: u64 = 0;
  sources: u32 = 0; // riscv,ndev: sources 1..sources exist
  context: u32 = 0;
  error: string = "no PLIC in the device tree";
}

// A device the kernel does not drive itself, handed to user space as an mmio
// and an irq capability (kernel/cell/devices.ts): the riscv64 virt machine's
// goldfish RTC, the PC's HPET. base 0: none (`error` says why).
export class UserDevice {
  name: string = "";
  base: u64 = 0; // physical, page-aligned
  size: u64 = 0; // bytes
  irq: u32 = NO_IRQ; // its input on the interrupt controller, NO_IRQ if none
  error: string = "not looked for on this platform";
}

export class BootInfo {
  protocol: string = "unknown"; // limine | multiboot2 | pvh | linux-image
  firmware: string = "unknown"; // BIOS | UEFI | SBI
  loader: string = ""; // bootloader name and version where told
  hhdm: u64 = 0; // virtual address of physical 0
  kernelPhys: u64 = 0;
  kernelVirt: u64 = 0;
  kernelSize: u64 = 0; // bytes from the image start to the end of .bss
  memory: Array<MemRegion> = new Array<MemRegion>();
  modules: Array<BootModule> = new Array<BootModule>();
  cmdline: string = "";
  cpuCount: i32 = 0;
  cpus: Array<CpuInfo> = new Array<CpuInfo>(); // empty where only a count is known
  bootCpuHwId: i64 = -1; // the CPU running now, where the loader tells
  rsdp: u64 = 0; // physical, x86 only
  dtb: u64 = 0; // physical, riscv64 only
  dtbSize: u64 = 0;
  bootData: u64 = 0; // physical: a loader record still in usable RAM
  bootDataSize: u64 = 0;
  bootHart: i64 = -1; // riscv64
  timebaseHz: u64 = 0; // riscv64
  uart: UartInfo = new UartInfo();
  poweroffBase: u64 = 0; // riscv64 sifive_test / syscon poweroff MMIO, 0 if none
  plic: PlicInfo = new PlicInfo(); // riscv64
  device: UserDevice = new UserDevice();

  usableBytes(): u64 {
    let total: u64 = 0;
    for (let i = 0; i < this.memory.length; i++) {
      const r = this.memory[i];
      if (r.kind == MemKind.Usable) total += r.length;
    }
    return total;
  }

  // The value of `key=value` on the command line, or null.
  option(key: string): string | null {
    const words = this.cmdline.split(" ");
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w.startsWith(key + "=")) return w.substring(key.length + 1);
    }
    return null;
  }
}

// The reason the last parser call failed.
export let bootError: string = "";
export function setBootError(msg: string): void {
  bootError = msg;
}
