// The QEMU cases: every boot path, machine shape and panic kind, as data. Each
// case boots one QEMU, reads its serial output and checks it (see
// scripts/harness/run.ts for what each field means). `make bench` times the
// cases marked `bench` to `nexus: ready`.
import { existsSync, readdirSync } from "node:fs";
import type { Pattern } from "../../scripts/harness/serial.ts";
import { tamperedLogsRejected } from "./ledger.ts";

export interface Case {
  name: string;
  arch: "x86_64" | "riscv64";
  command: () => string[]; // argv, program first; the runner adds -serial
  artifacts: string[]; // files the command needs (built by make)
  expect: Pattern[]; // must appear, in this order
  forbid?: Pattern[]; // must not appear (default: PANIC:)
  exit?: number | "nonzero"; // QEMU's exit status; absent with stopAfter
  stopAfter?: Pattern; // kill QEMU once this is seen after every expect
  ktest?: boolean; // report the in-kernel test lines as subtests
  timeout?: number; // seconds (default 60)
  requires?: () => string | null; // a reason to skip, or null
  bench?: boolean; // timed by make bench
  check?: (log: string) => string | null; // a last look at the log: why it fails, or null
  input?: { after: Pattern; send: string }[]; // typed on the console, each once its trigger appears (in order)
}

const OVMF = "/usr/share/ovmf/OVMF.fd";
const UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf";
const READY = "nexus: ready";
const KTEST_SUMMARY = /ktest: \d+ passed, \d+ failed/;
const PC_IRQS = "irq: I/O APIC 0 at 0xfec00000, 5 ISA overrides";
const X86_PASS = 33; // isa-debug-exit: (0x10 << 1) | 1
// The release initrd (build/<arch>/initrd.nxi, in every image) holds a bundle
// per file of boot/initrd/ and one per system cell and program
// (cells/system/, cells/programs/); the test initrd (build/<arch>/test/)
// adds the tests and benchmarks; the trust cases' initrds hold the files alone.
const ROOT = new URL("../../", import.meta.url);
const FILE_NAMES = readdirSync(new URL("boot/initrd/", ROOT)).filter((f) => !f.startsWith("."));
const FILES = FILE_NAMES.length;
const cellsOf = (role: string) =>
  readdirSync(new URL(`cells/${role}/`, ROOT)).filter((d) => existsSync(new URL(`cells/${role}/${d}/main.ts`, ROOT)));
const RELEASE_CELLS = [...cellsOf("system"), ...cellsOf("programs")];
const TEST_CELLS = [...cellsOf("tests"), ...cellsOf("benchmarks")];
const BUNDLES = FILES + RELEASE_CELLS.length;
const TEST_BUNDLES = BUNDLES + TEST_CELLS.length;
// A boot whose initrd of n bundles verified whole.
const verified = (n: number): Pattern[] => [
  /trust: kernel measurement [0-9a-f]{64}/,
  new RegExp(`trust: initrd manifest version \\d+ signed by [0-9a-f]{16}, ${n} bundles`),
  `trust: ${n} bundle(s) verified, 0 refused`,
  /ledger: \d+ entries, head [0-9a-f]{64}/,
];
const VERIFIED = verified(BUNDLES);

// The in-kernel tests that need a second CPU: a -smp 4 case must show them.
const SMP_KTESTS: Pattern[] = [
  /ok \d+ - smp: a thread woken from another CPU/,
  /ok \d+ - smp: busy threads on every CPU/,
  /ok \d+ - smp: a page remapped on one CPU/,
];
const online = (n: number): Pattern => `smp: ${n} of ${n} CPUs online`;

const limineMissing = (iso: string) => () => (existsSync(iso) ? null : "Limine not installed (no " + iso + ")");

export function x86(machine: string, extra: string[], opts: { mem?: string; smp?: number } = {}): string[] {
  // prettier-ignore
  return ["qemu-system-x86_64", "-accel", "tcg", "-M", machine, "-m", opts.mem ?? "256M",
    "-smp", String(opts.smp ?? 1), "-display", "none", "-monitor", "none",
    "-no-reboot", "-net", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", ...extra];
}

export function rv(machine: string, extra: string[], opts: { mem?: string; smp?: number } = {}): string[] {
  // prettier-ignore
  return ["qemu-system-riscv64", "-accel", "tcg", "-M", machine, "-m", opts.mem ?? "256M",
    "-smp", String(opts.smp ?? 1), "-display", "none", "-monitor", "none",
    "-no-reboot", "-bios", "default", ...extra];
}

const X86 = "build/x86_64";
const X86K = "build/x86_64-ktest";
const X86T = "build/x86_64/test"; // the test initrd, booted with the X86 kernel
const RV = "build/riscv64";
const RVK = "build/riscv64-ktest";
const RVT = "build/riscv64/test";

const banner = (protocol: string, firmware: string): Pattern[] => [
  /nexus \d+\.\d+\.\d+ \((x86_64|riscv64)\)/,
  new RegExp(`boot: protocol=${protocol} firmware=${firmware}`),
  /memory: \d+ entries, \d+ bytes usable/,
];

const PANIC_KINDS: [string, Pattern][] = [
  ["unreachable", /PANIC: wasm trap: unreachable executed/],
  ["oob", /PANIC: wasm trap: out of bounds memory access/],
  ["divzero", /PANIC: wasm trap: integer divide by zero/],
  ["abort", /PANIC: abort: deliberate abort/],
  ["nullptr", /PANIC: CPU exception: (page fault \(read\)|load page fault)[\s\S]*(cr2|stval)=0x0+8\b/],
  ["illegal", /PANIC: CPU exception: (invalid opcode|illegal instruction)/],
  ["stackoverflow", /PANIC: CPU exception: kernel stack overflow \(guard page hit\)/],
  ["nullwrite", /PANIC: CPU exception: (page fault \(write\)|store page fault)[\s\S]*(cr2|stval)=0x0+10\b/],
  ["heapguard", /PANIC: CPU exception: page fault \(write\): the guard page under the TS linear memory/],
  ["threadstack", /PANIC: CPU exception: kernel stack overflow \(a thread's guard page\)/],
  ["shadowoverflow", /PANIC: CPU exception: TS shadow stack overflow \(a thread's guard page\)/],
];

// Verified boot against deliberately bad initrds (made by make test in
// build/trust/, scripts/mk-trust-cases.sh): each is refused with its reason,
// the kernel uses whatever else verified and reaches ready, and the ledger
// still verifies (run.ts checks every log that has LEDGER lines).
const TRUST = "build/trust";
const TRUST_VARIANTS: [string, Pattern[]][] = [
  [
    "good",
    [
      new RegExp(`trust: initrd manifest version 1 signed by [0-9a-f]{16}, ${FILES} bundles`),
      /trust: bundle about [0-9a-f]{16}\.\.\. verified/,
      /trust: bundle motd [0-9a-f]{16}\.\.\. verified/,
      `trust: ${FILES} bundle(s) verified, 0 refused`,
    ],
  ],
  [
    "flipped",
    [
      /trust: refused bundle \S+: content ID mismatch: the manifest says [0-9a-f]{16}\.\.\., the bytes hash to [0-9a-f]{16}/,
      /LEDGER \d+ \d+ bundle [0-9a-f]{64} cid-mismatch [0-9a-f]{64}/,
      `trust: ${FILES - 1} bundle(s) verified, 1 refused`,
    ],
  ],
  [
    "unknown-key",
    [
      /trust: refused initrd manifest: signed by an unknown key [0-9a-f]{16}/,
      /LEDGER \d+ \d+ manifest [0-9a-f]{64} unknown-key [0-9a-f]{64}/,
      "trust: 0 bundle(s) verified, 1 refused",
    ],
  ],
  [
    "unsigned",
    [
      /trust: refused bundle \S+: it is unsigned/,
      /LEDGER \d+ \d+ bundle [0-9a-f]{64} unsigned [0-9a-f]{64}/,
      `trust: ${FILES - 1} bundle(s) verified, 1 refused`,
    ],
  ],
  [
    "truncated",
    [
      /trust: refused initrd: initrd is \d+ bytes but its header says \d+/,
      /LEDGER \d+ \d+ initrd [0-9a-f]{64} truncated [0-9a-f]{64}/,
      "trust: 0 bundle(s) verified, 1 refused",
    ],
  ],
  [
    "rollback",
    [
      /trust: refused initrd manifest: version 0 is older than this kernel's minimum 1/,
      /LEDGER \d+ \d+ manifest [0-9a-f]{64} rollback [0-9a-f]{64}/,
      "trust: 0 bundle(s) verified, 1 refused",
    ],
  ],
];

function trustCases(): Case[] {
  const out: Case[] = [];
  for (const [variant, lines] of TRUST_VARIANTS) {
    const initrd = `${TRUST}/${variant}.nxi`;
    const expect: Pattern[] = [
      /LEDGER 0 \d+ boot 0{64} \S+ [0-9a-f]{64}/,
      /trust: kernel measurement [0-9a-f]{64}/,
      /LEDGER 1 \d+ kernel [0-9a-f]{64} measured [0-9a-f]{64}/,
      ...lines,
      /ledger: \d+ entries, head [0-9a-f]{64}/,
      READY,
    ];
    const check = variant === "good" ? tamperedLogsRejected : undefined;
    out.push({
      name: `x86_64/trust-${variant}`,
      arch: "x86_64",
      artifacts: [`${X86}/kernel.elf`, initrd],
      check,
      command: () => x86("pc", ["-kernel", `${X86}/kernel.elf`, "-initrd", initrd]),
      expect,
      stopAfter: READY,
    });
    out.push({
      name: `riscv64/trust-${variant}`,
      arch: "riscv64",
      artifacts: [`${RV}/Image`, initrd],
      check,
      command: () => rv("virt", ["-kernel", `${RV}/Image`, "-initrd", initrd]),
      expect,
      stopAfter: READY,
    });
  }
  return out;
}

export const cases: Case[] = [
  // ---- x86_64 --------------------------------------------------------------
  {
    name: "x86_64/grub-bios",
    arch: "x86_64",
    artifacts: [`${X86}/nexus-grub.iso`],
    bench: true,
    command: () => x86("pc", ["-cdrom", `${X86}/nexus-grub.iso`]),
    expect: [...banner("multiboot2", "BIOS"), "cmdline: boot=grub", ...VERIFIED, READY],
    stopAfter: READY,
  },
  {
    name: "x86_64/grub-uefi",
    arch: "x86_64",
    artifacts: [`${X86}/nexus-grub.iso`, OVMF],
    bench: true,
    timeout: 120,
    command: () => x86("pc", ["-bios", OVMF, "-cdrom", `${X86}/nexus-grub.iso`], { smp: 4 }),
    expect: [...banner("multiboot2", "UEFI"), online(4), ...VERIFIED, READY],
    stopAfter: READY,
  },
  {
    name: "x86_64/limine-bios",
    arch: "x86_64",
    artifacts: [],
    bench: true,
    requires: limineMissing(`${X86}/nexus-limine.iso`),
    command: () => x86("pc", ["-cdrom", `${X86}/nexus-limine.iso`], { smp: 2 }),
    expect: [...banner("limine", "BIOS"), "cmdline: boot=limine", "cpus: 2", online(2), ...VERIFIED, READY],
    stopAfter: READY,
  },
  {
    name: "x86_64/limine-uefi",
    arch: "x86_64",
    artifacts: [OVMF],
    bench: true,
    timeout: 120,
    requires: limineMissing(`${X86}/nexus-limine.iso`),
    command: () => x86("pc", ["-bios", OVMF, "-cdrom", `${X86}/nexus-limine.iso`], { smp: 4 }),
    expect: [...banner("limine", "UEFI"), online(4), ...VERIFIED, READY],
    stopAfter: READY,
  },
  {
    name: "x86_64/pvh-pc",
    arch: "x86_64",
    artifacts: [`${X86}/kernel.elf`, `${X86}/initrd.nxi`],
    bench: true,
    command: () => x86("pc", ["-kernel", `${X86}/kernel.elf`, "-initrd", `${X86}/initrd.nxi`, "-append", "console=serial hello=pvh"]),
    expect: [...banner("pvh", "BIOS"), "cmdline: console=serial hello=pvh", "cpus: 1", ...VERIFIED, READY],
    stopAfter: READY,
  },
  {
    name: "x86_64/pvh-microvm",
    arch: "x86_64",
    artifacts: [`${X86}/kernel.elf`, `${X86}/initrd.nxi`],
    bench: true,
    command: () => x86("microvm", ["-kernel", `${X86}/kernel.elf`, "-initrd", `${X86}/initrd.nxi`, "-append", "hello=microvm"]),
    expect: [...banner("pvh", "BIOS"), "cmdline: hello=microvm", ...VERIFIED, READY],
    stopAfter: READY,
  },
  {
    name: "x86_64/smp4",
    arch: "x86_64",
    artifacts: [`${X86}/kernel.elf`, `${X86}/initrd.nxi`],
    command: () => x86("pc", ["-kernel", `${X86}/kernel.elf`, "-initrd", `${X86}/initrd.nxi`], { smp: 4 }),
    expect: [...banner("pvh", "BIOS"), "cpus: 4", online(4), ...VERIFIED, READY],
    stopAfter: READY,
  },
  {
    name: "x86_64/mem128m",
    arch: "x86_64",
    artifacts: [`${X86K}/kernel.elf`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("pc", ["-kernel", `${X86K}/kernel.elf`], { mem: "128M" }),
    expect: [/memory: \d+ entries, 1[23]\d{7} bytes usable/, "ktest: "],
  },
  {
    name: "x86_64/mem2g",
    arch: "x86_64",
    artifacts: [`${X86K}/kernel.elf`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("pc", ["-kernel", `${X86K}/kernel.elf`], { mem: "2G" }),
    expect: [/memory: \d+ entries, 21\d{8} bytes usable/, "ktest: "],
  },
  {
    name: "x86_64/mem4g",
    arch: "x86_64",
    artifacts: [`${X86K}/kernel.elf`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("pc", ["-kernel", `${X86K}/kernel.elf`], { mem: "4G" }),
    expect: [/\[0x0000000100000000 \+0x[0-9a-f]+\] usable/, "ktest: "],
  },
  {
    name: "x86_64/ktest-smp1",
    arch: "x86_64",
    artifacts: [`${X86K}/kernel.elf`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("pc", ["-kernel", `${X86K}/kernel.elf`], { smp: 1 }),
    expect: [...banner("pvh", "BIOS"), "smp: 1 CPU", "ktest: "],
  },
  {
    name: "x86_64/ktest-smp4",
    arch: "x86_64",
    artifacts: [`${X86K}/kernel.elf`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("pc", ["-kernel", `${X86K}/kernel.elf`], { smp: 4 }),
    expect: [...banner("pvh", "BIOS"), "console: 16550 (port I/O) at 0x3f8, irq 4", PC_IRQS, online(4), ...SMP_KTESTS, "ktest: "],
  },
  // The collector runs at every allocation, with threads on four CPUs: a
  // thread whose shadow stack it failed to scan would lose objects.
  {
    name: "x86_64/ktest-gctorture-smp4",
    arch: "x86_64",
    artifacts: [`${X86K}/kernel.elf`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("pc", ["-kernel", `${X86K}/kernel.elf`, "-append", "ktest.gctorture=1"], { smp: 4 }),
    expect: [online(4), "ktest: collecting at every allocation", "ktest: "],
  },
  // microvm: two I/O APICs in its MADT, and none at all with acpi=off (the
  // fallback); no PC speaker port, so the clock is calibrated on PIT channel 0.
  {
    name: "x86_64/ktest-microvm",
    arch: "x86_64",
    artifacts: [`${X86K}/kernel.elf`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("microvm", ["-kernel", `${X86K}/kernel.elf`]),
    expect: ["irq: I/O APIC 0 at 0xfec00000, I/O APIC 1 at 0xfec10000", "ktest: "],
  },
  {
    name: "x86_64/ktest-microvm-noacpi",
    arch: "x86_64",
    artifacts: [`${X86K}/kernel.elf`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("microvm,acpi=off", ["-kernel", `${X86K}/kernel.elf`, "-append", "ktest.only=irq:"]),
    expect: ["irq: no MADT: assuming the standard I/O APIC at 0xfec00000", "ktest: "],
  },
  {
    name: "x86_64/ktest-grub-smp1",
    arch: "x86_64",
    artifacts: [`${X86K}/nexus-grub.iso`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("pc", ["-cdrom", `${X86K}/nexus-grub.iso`]),
    expect: [...banner("multiboot2", "BIOS"), PC_IRQS, "ktest: "],
  },
  {
    name: "x86_64/ktest-grub-smp4",
    arch: "x86_64",
    artifacts: [`${X86K}/nexus-grub.iso`],
    ktest: true,
    exit: X86_PASS,
    command: () => x86("pc", ["-cdrom", `${X86K}/nexus-grub.iso`], { smp: 4 }),
    expect: [...banner("multiboot2", "BIOS"), PC_IRQS, online(4), ...SMP_KTESTS, "ktest: "],
  },
  {
    name: "x86_64/ktest-limine-smp1",
    arch: "x86_64",
    artifacts: [],
    ktest: true,
    exit: X86_PASS,
    requires: limineMissing(`${X86K}/nexus-limine.iso`),
    command: () => x86("pc", ["-cdrom", `${X86K}/nexus-limine.iso`]),
    expect: [...banner("limine", "BIOS"), PC_IRQS, "ktest: "],
  },
  {
    name: "x86_64/ktest-limine-smp4",
    arch: "x86_64",
    artifacts: [],
    ktest: true,
    exit: X86_PASS,
    requires: limineMissing(`${X86K}/nexus-limine.iso`),
    command: () => x86("pc", ["-cdrom", `${X86K}/nexus-limine.iso`], { smp: 4 }),
    expect: [
      ...banner("limine", "BIOS"),
      PC_IRQS,
      online(4),
      /frames: \d+ frames of bootloader memory reclaimed/,
      ...SMP_KTESTS,
      "ktest: ",
    ],
  },
  ...PANIC_KINDS.map(([kind, line]): Case => ({
    name: `x86_64/panic-${kind}`,
    arch: "x86_64",
    artifacts: [`${X86K}/kernel.elf`],
    timeout: 20,
    command: () => x86("pc", ["-kernel", `${X86K}/kernel.elf`, "-append", `ktest.panic=${kind}`]),
    expect: [`ktest: deliberate panic: ${kind}`, line, /stack:\n  #00 0x[0-9a-f]+ \S+/],
    forbid: [READY],
    exit: 3,
  })),

  // ---- riscv64 -------------------------------------------------------------
  {
    name: "riscv64/opensbi",
    arch: "riscv64",
    artifacts: [`${RV}/Image`, `${RV}/initrd.nxi`],
    bench: true,
    command: () => rv("virt", ["-kernel", `${RV}/Image`, "-initrd", `${RV}/initrd.nxi`, "-append", "hello=opensbi"]),
    expect: [
      ...banner("linux-image", "SBI"),
      "cmdline: hello=opensbi",
      /timebase: 10000000 Hz/,
      /boot hart: 0/,
      "console: ns16550a at 0x10000000",
      ...VERIFIED,
      READY,
    ],
    stopAfter: READY,
  },
  {
    name: "riscv64/uboot-sdcard",
    arch: "riscv64",
    artifacts: [`${RV}/nexus-sd.img`, UBOOT],
    bench: true,
    timeout: 120,
    command: () => rv("virt", ["-kernel", UBOOT, "-drive", `file=${RV}/nexus-sd.img,format=raw,if=virtio`, "-snapshot"], { smp: 2 }),
    expect: ["Retrieving file: /Image", ...banner("linux-image", "SBI"), "cmdline: boot=extlinux", online(2), ...VERIFIED, READY],
    stopAfter: READY,
  },
  {
    name: "riscv64/limine-uboot-uefi",
    arch: "riscv64",
    artifacts: [UBOOT],
    bench: true,
    timeout: 180,
    requires: limineMissing(`${RV}/nexus-limine.iso`),
    command: () => rv("virt", ["-kernel", UBOOT, "-drive", `file=${RV}/nexus-limine.iso,format=raw,if=virtio`, "-snapshot"], { smp: 4 }),
    expect: [
      ...banner("limine", "UEFI"),
      "cmdline: boot=limine",
      "cpus: 4",
      online(4),
      /frames: \d+ frames of bootloader memory reclaimed/,
      ...VERIFIED,
      READY,
    ],
    stopAfter: READY,
  },
  {
    name: "riscv64/sifive_u",
    arch: "riscv64",
    artifacts: [`${RV}/Image`, `${RV}/initrd.nxi`],
    bench: true,
    command: () => rv("sifive_u", ["-kernel", `${RV}/Image`, "-initrd", `${RV}/initrd.nxi`], { smp: 2 }),
    expect: [
      ...banner("linux-image", "SBI"),
      "cpus: 1",
      /boot hart: [1-9]/,
      "console: sifive,uart0 at 0x10010000",
      "smp: 1 CPU",
      ...VERIFIED,
      READY,
    ],
    stopAfter: READY,
  },
  {
    name: "riscv64/smp4",
    arch: "riscv64",
    artifacts: [`${RV}/Image`, `${RV}/initrd.nxi`],
    command: () => rv("virt", ["-kernel", `${RV}/Image`, "-initrd", `${RV}/initrd.nxi`], { smp: 4 }),
    expect: [...banner("linux-image", "SBI"), "cpus: 4", online(4), ...VERIFIED, READY],
    stopAfter: READY,
  },
  {
    name: "riscv64/mem128m",
    arch: "riscv64",
    artifacts: [`${RVK}/Image`],
    ktest: true,
    exit: 0,
    command: () => rv("virt", ["-kernel", `${RVK}/Image`], { mem: "128M" }),
    expect: ["memory: 3 entries, 134217728 bytes usable", "ktest: "],
  },
  {
    name: "riscv64/mem2g",
    arch: "riscv64",
    artifacts: [`${RVK}/Image`],
    ktest: true,
    exit: 0,
    command: () => rv("virt", ["-kernel", `${RVK}/Image`], { mem: "2G" }),
    expect: ["memory: 3 entries, 2147483648 bytes usable", "ktest: "],
  },
  {
    name: "riscv64/mem4g",
    arch: "riscv64",
    artifacts: [`${RVK}/Image`],
    ktest: true,
    exit: 0,
    command: () => rv("virt", ["-kernel", `${RVK}/Image`], { mem: "4G" }),
    expect: ["memory: 3 entries, 4294967296 bytes usable", "ktest: "],
  },
  {
    name: "riscv64/ktest-smp1",
    arch: "riscv64",
    artifacts: [`${RVK}/Image`],
    ktest: true,
    exit: 0,
    command: () => rv("virt", ["-kernel", `${RVK}/Image`], { smp: 1 }),
    expect: [...banner("linux-image", "SBI"), "smp: 1 CPU", "ktest: "],
  },
  {
    name: "riscv64/ktest-smp4",
    arch: "riscv64",
    artifacts: [`${RVK}/Image`],
    ktest: true,
    exit: 0,
    command: () => rv("virt", ["-kernel", `${RVK}/Image`], { smp: 4 }),
    expect: [
      ...banner("linux-image", "SBI"),
      "cpus: 4",
      "console: ns16550a at 0x10000000, irq 10",
      /irq: PLIC at 0xc000000, sources 1-96, context (1|3|5|7) \(hart [0-3] S-mode\)/,
      online(4),
      ...SMP_KTESTS,
      "ktest: ",
    ],
  },
  {
    name: "riscv64/ktest-gctorture-smp4",
    arch: "riscv64",
    artifacts: [`${RVK}/Image`],
    ktest: true,
    exit: 0,
    command: () => rv("virt", ["-kernel", `${RVK}/Image`, "-append", "ktest.gctorture=1"], { smp: 4 }),
    expect: [online(4), "ktest: collecting at every allocation", "ktest: "],
  },
  // Hart 0 is a monitor core without an MMU or S-mode: the kernel runs on
  // harts 1-3, started from whichever of them OpenSBI booted. The UART's
  // interrupt is its txwm watermark. No power-off device: stop at the summary.
  {
    name: "riscv64/ktest-sifive_u-smp4",
    arch: "riscv64",
    artifacts: [`${RVK}/Image`],
    ktest: true,
    command: () => rv("sifive_u", ["-kernel", `${RVK}/Image`], { smp: 4 }),
    expect: [
      ...banner("linux-image", "SBI"),
      /boot hart: [1-3]/,
      "console: sifive,uart0 at 0x10010000, irq 4",
      /irq: PLIC at 0xc000000, sources 1-53, context [246] \(hart [1-3] S-mode\)/,
      online(3),
      ...SMP_KTESTS,
      "ktest: ",
    ],
    stopAfter: KTEST_SUMMARY,
  },
  ...PANIC_KINDS.map(([kind, line]): Case => ({
    name: `riscv64/panic-${kind}`,
    arch: "riscv64",
    artifacts: [`${RVK}/Image`],
    timeout: 20,
    command: () => rv("virt", ["-kernel", `${RVK}/Image`, "-append", `ktest.panic=${kind}`]),
    expect: [`ktest: deliberate panic: ${kind}`, line, /stack:\n  #00 0x[0-9a-f]+ \S+/],
    forbid: [READY],
    exit: "nonzero",
  })),
  ...trustCases(),
  ...usertestsCases(),
  // The cell benchmarks (cells/benchmarks/bench, docs/performance.md) as a test: every
  // figure printed, every call+reply on the fast path, every peer exited 0.
  ...(["x86_64", "riscv64"] as const).map((arch): Case => ({
    name: `${arch}/cells-bench`,
    arch,
    timeout: 90,
    artifacts: arch === "x86_64" ? [`${X86}/kernel.elf`, `${X86T}/initrd.nxi`] : [`${RV}/Image`, `${RVT}/initrd.nxi`],
    command: () =>
      arch === "x86_64"
        ? x86("pc", ["-kernel", `${X86}/kernel.elf`, "-initrd", `${X86T}/initrd.nxi`, "-append", "init.run=bench"])
        : rv("virt", ["-kernel", `${RV}/Image`, "-initrd", `${RVT}/initrd.nxi`, "-append", "init.run=bench"]),
    expect: [
      /bench: null-syscall \d+\.\d ns\/op/,
      /bench: ipc-call-round-trip \d+\.\d ns\/op/,
      "bench: ipc-fast-path 100.0 %",
      /bench: ring-throughput \d+\.\d MB\/s/,
      /bench: spawn-to-exit \d+ ns/,
      "bench: cells done",
      "init: bench exited with code 0",
    ],
    forbid: ["PANIC:", "bench: error", "faulted"],
    stopAfter: "init: init.run done",
  })),
  // User-space devices (docs/cells.md): init hands the mmio and irq
  // capabilities to timerdrv, which maps the registers, sees the counter
  // advance and takes its alarm's interrupt; sifive_u has no such device,
  // so init's slots stay empty and the driver's map is refused.
  ...(["x86_64", "riscv64"] as const).map((arch): Case => ({
    name: `${arch}/devices`,
    arch,
    timeout: 30,
    artifacts: arch === "x86_64" ? [`${X86}/kernel.elf`, `${X86T}/initrd.nxi`] : [`${RV}/Image`, `${RVT}/initrd.nxi`],
    command: () =>
      arch === "x86_64"
        ? x86("pc", ["-kernel", `${X86}/kernel.elf`, "-initrd", `${X86T}/initrd.nxi`, "-append", "init.run=timerdrv"])
        : rv("virt", ["-kernel", `${RV}/Image`, "-initrd", `${RVT}/initrd.nxi`, "-append", "init.run=timerdrv"]),
    expect: [
      arch === "x86_64"
        ? /devices: hpet at 0xfed00000 \(1 pages\), irq \d+: init slots 5 and 6/
        : /devices: goldfish-rtc at 0x101000 \(1 pages\), irq \d+: init slots 5 and 6/,
      /timerdrv: mapped (hpet|goldfish-rtc) registers at 0x[0-9a-f]+/,
      /timerdrv: counter \d+ then \d+ ns/,
      "timerdrv: alarm set 5 ms ahead",
      /timerdrv: interrupt after \d+ ms \(\d+ waits?\), acknowledged/,
      "timerdrv: done",
      "init: timerdrv exited with code 0",
    ],
    forbid: ["PANIC:", "timerdrv: FAIL"],
    stopAfter: "init: init.run done",
  })),
  {
    name: "riscv64/devices-none",
    arch: "riscv64",
    artifacts: [`${RV}/Image`, `${RVT}/initrd.nxi`],
    timeout: 30,
    command: () => rv("sifive_u", ["-kernel", `${RV}/Image`, "-initrd", `${RVT}/initrd.nxi`, "-append", "init.run=timerdrv"], { smp: 2 }),
    expect: [
      "devices: none for user space (no google,goldfish-rtc in the device tree)",
      "timerdrv: FAIL map of the mmio capability: E_BADSLOT",
      "init: timerdrv exited with code 1",
    ],
    forbid: ["PANIC:"],
    stopAfter: "init: init.run done",
  },
];

// ---- the shell, typed at through the serial port --------------------------
// Each step types a command at the prompt and expects its lines, in order,
// before the next prompt. The last step lists the shell's capabilities
// again: nothing may be left past slot 5 (its notification) once the
// foreground cells, pipes and killed jobs are gone.
const PROMPT = "nexus> ";
type Step = [string, Pattern[]];
const SHELL_STEPS: Step[] = [
  ["help", ["help ", "ps ", "mem ", "caps ", "ledger ", "run NAME [ARGS] [&]", "kill JOB"]],
  ["ps", [/id\s+name\s+state/, /^\s+0\s+init\s+running/m, /^\s+\d+\s+shell\s+running/m]],
  ["mem", [/^frames: \d+ free of \d+/m]],
  [
    "caps",
    [
      /^0\s+console\s+read,write\n1\s+console\s+read,write\n2\s+cell\s+spawn\n3\s+kinfo\s+read\n4\s+initrd\s+read\n5\s+notification\s+wait,signal\n/m,
    ],
  ],
  ["ledger", [/^  LEDGER 0 \d+ boot /m, /^  LEDGER \d+ \d+ cell-start [0-9a-f]{64} ok/m, /^  ledger: \d+ entries, head [0-9a-f]{64}/m]],
  ["echo hello   world", [/^hello world$/m]],
  ["cat motd", [/^Welcome to Nexus\. Everything you see here was verified/m, /^this file is a bundle in the signed initrd/m]],
  ["echo hello world | upper", [/^HELLO WORLD$/m]],
  ["cat motd | wc", [/^2 28 151$/m]],
  ["cat motd | upper | wc", [/^2 28 151$/m]],
  ["frobnicate", ["shell: unknown command 'frobnicate' (try help)"]],
  ["run frobnicate", ["shell: no cell image named 'frobnicate'"]],
  ["cat nosuchfile", ["cat: nosuchfile: no such file", "cat: exited with code 1"]],
  ["kill 7", ["kill: no job 7"]],
  ["kill", ["kill: usage: kill JOB"]],
  ["run spin &", ["[1] spin"]],
  ["jobs", ["[1] running  spin"]],
  ["ps", [/^\s+\d+\s+spin\s+running/m]],
  ["kill 1", ["[1] killed"]],
  // A killed cell whose control capability is gone is forgotten: the shell
  // is the last line before the prompt.
  ["ps", [/^\s+\d+\s+shell\s+running[^\n]*\n(?=(cell: [^\n]*\n|LEDGER [^\n]*\n)*nexus> )/m]],
  ["kill 1", ["kill: no job 1"]],
  ["mem", [/^frames: \d+ free of \d+/m]],
  ["caps", [/^4\s+initrd\s+read\n5\s+notification\s+wait,signal\n(?=(cell: [^\n]*\n|LEDGER [^\n]*\n)*nexus> )/m]],
];

// initrd "test": the kernel with the test initrd; "release": the release
// image (x86_64 the GRUB ISO, riscv64 the Image and the release initrd).
function shellCase(
  arch: "x86_64" | "riscv64",
  name: string,
  steps: Step[],
  opts: { initrd: "test" | "release"; requires?: () => string | null; check?: (log: string) => string | null },
): Case {
  const expect: Pattern[] = [...verified(opts.initrd === "test" ? TEST_BUNDLES : BUNDLES), READY, "shell: type help for the commands"];
  for (const [cmd, lines] of steps) expect.push(PROMPT + cmd + "\n", ...lines);
  expect.push(PROMPT);
  const input = steps.map(([cmd]) => ({ after: PROMPT, send: cmd + "\r" }));
  const boot: Record<string, string[]> = {
    "x86_64 test": ["-kernel", `${X86}/kernel.elf`, "-initrd", `${X86T}/initrd.nxi`],
    "x86_64 release": ["-cdrom", `${X86}/nexus-grub.iso`],
    "riscv64 test": ["-kernel", `${RV}/Image`, "-initrd", `${RVT}/initrd.nxi`],
    "riscv64 release": ["-kernel", `${RV}/Image`, "-initrd", `${RV}/initrd.nxi`],
  };
  const args = boot[`${arch} ${opts.initrd}`];
  const artifacts = args.filter((a) => a.startsWith("build/"));
  const command = () => (arch === "x86_64" ? x86("pc", args) : rv("virt", args));
  const check = (log: string) => framesKept(log) ?? opts.check?.(log) ?? null;
  return {
    name: `${arch}/${name}`,
    arch,
    command,
    artifacts,
    expect,
    input,
    stopAfter: PROMPT,
    timeout: 90,
    requires: opts.requires,
    check,
  };
}

// xv6's usertests leak check: `mem` at the end shows as many free frames
// as `mem` at the start, every cell in between having given all back.
function framesKept(log: string): string | null {
  const free = [...log.matchAll(/^frames: (\d+) free of \d+ \(.* free\)$/gm)].map((m) => Number(m[1]));
  if (free.length < 2) return `mem printed ${free.length} frame count(s), expected one at the start and one at the end`;
  return free[0] === free[free.length - 1] ? null : `mem: ${free[0]} frames free at the start, ${free[free.length - 1]} at the end`;
}

// A cell that faults (cells/tests/crashy): a CPU fault and a wasm trap end it
// alone; the shell and the kernel go on, every frame back.
const crashy = () => (existsSync(new URL("cells/tests/crashy/main.ts", ROOT)) ? null : "no cells/tests/crashy in this tree");
const FAULT_STEPS: Step[] = [
  ["mem", [/^frames: /m]],
  [
    "run crashy null",
    [
      /^cell: crashy faulted: page fault: read of 0x/m,
      /^LEDGER \d+ \d+ cell-fault [0-9a-f]{64} page-fault [0-9a-f]{64}$/m,
      "crashy: faulted (code 2)",
    ],
  ],
  ["run crashy oob", ["cell: crashy faulted: wasm trap: out of bounds memory access", "crashy: faulted (code 16)"]],
  ["ps", [/^\s+\d+\s+shell\s+running/m]],
  ["mem", [/^frames: /m]],
  ["caps", [/^5\s+notification\s+wait,signal\n(?=(cell: [^\n]*\n|LEDGER [^\n]*\n)*nexus> )/m]],
];

// The release image carries the system cells and programs and nothing else:
// the programs run, every test and benchmark cell's name is refused, and the
// bundles the kernel verified are exactly the files, system cells and programs.
const RELEASE_STEPS: Step[] = [
  ["mem", [/^frames: \d+ free of \d+/m]],
  ["echo hello world | upper", [/^HELLO WORLD$/m]],
  ["cat motd | wc", [/^2 28 151$/m]],
  ...TEST_CELLS.map((c): Step => [`run ${c}`, [`shell: no cell image named '${c}'`]]),
  ["mem", [/^frames: \d+ free of \d+/m]],
];
function releaseOnly(log: string): string | null {
  const got = [...log.matchAll(/^trust: bundle (\S+) [0-9a-f]{16}\.\.\. verified/gm)].map((m) => m[1]).sort();
  const want = [...FILE_NAMES, ...RELEASE_CELLS].sort();
  return got.join(" ") === want.join(" ") ? null : `the release initrd holds ${got.join(" ")}; expected ${want.join(" ")}`;
}

cases.push(
  shellCase("x86_64", "shell", SHELL_STEPS, { initrd: "test" }),
  shellCase("riscv64", "shell", SHELL_STEPS, { initrd: "test" }),
  shellCase("x86_64", "shell-fault", FAULT_STEPS, { initrd: "test", requires: crashy }),
  shellCase("riscv64", "shell-fault", FAULT_STEPS, { initrd: "test", requires: crashy }),
  shellCase("x86_64", "shell-release", RELEASE_STEPS, { initrd: "release", check: releaseOnly }),
  shellCase("riscv64", "shell-release", RELEASE_STEPS, { initrd: "release", check: releaseOnly }),
);
// ---- usertests: the user-space suite (cells/tests/usertests, docs/usertests.md) ----
// init.run=usertests on each architecture at -smp 1 and 4: every test's ok
// line, in order (a missing one fails the case), a clean summary, exit 0.
// (A function: the case list above calls it before a const here would exist.)
function usertestsLines(): Pattern[] {
  return [
    "caps: no capability is denied (console_write on an empty slot)",
    "caps: a capability of the wrong kind is denied",
    "caps: a derived capability cannot exceed its parent's rights",
    "caps: a revoked capability fails",
    "caps: a dropped capability cannot be regained",
    "caps: a cell started with no capabilities has no authority",
    "caps: an ended cell whose last capability is dropped is forgotten",
    "ipc: messages from one sender arrive in order",
    "ipc: call/reply pairs with echosrv",
    /ipc: recv blocks until a sender comes \(\d+ ms\)/,
    "ipc: a memory capability moves with GRANT, never without",
    /ring: 1 MiB through a 4 KiB shared ring \(1048576 bytes in \d+ us, \d+ KB\/s\)/,
    "faults: a null read kills the cell alone, code 2, restart works",
    "faults: a write to its own text (W^X) kills the cell alone, code 2, restart works",
    "faults: executing its data (NX) kills the cell alone, code 2, restart works",
    "faults: an illegal instruction kills the cell alone, code 3, restart works",
    "faults: a wasm out-of-bounds access kills the cell alone, code 16, restart works",
    "faults: wasm unreachable kills the cell alone, code 16, restart works",
    "faults: abort() kills the cell alone, code 16, restart works",
    "faults: a runaway loop past its CPU budget kills the cell alone, code 17, restart works",
    "faults: ticker ran throughout, then cell_kill ends it",
    "devices: with the mmio and irq capabilities the driver reads the counter and takes the alarm's interrupt",
    "devices: a cell without the capabilities can neither map the registers nor wait for the interrupt",
    "devices: an mmio capability copied READ-only maps read-only, never writable or executable",
    "devices: revoking the irq capability a cell waits on wakes it with E_GONE",
    "fuzz: 100000 random system calls from a hostile cell, no frame leaked",
  ].map((p, i): Pattern => (typeof p === "string" ? `usertests: ok ${i + 1} - ${p}` : new RegExp(`usertests: ok ${i + 1} - ${p.source}`)));
}

function usertestsCases(): Case[] {
  const out: Case[] = [];
  const lines = usertestsLines();
  const expect: Pattern[] = [
    ...lines,
    `usertests: ${lines.length} passed, 0 failed`,
    "init: usertests exited with code 0",
    "init: init.run done",
  ];
  const forbid: Pattern[] = ["not ok", "PANIC:"];
  for (const smp of [1, 4]) {
    out.push({
      name: `x86_64/usertests-smp${smp}`,
      arch: "x86_64",
      artifacts: [`${X86}/kernel.elf`, `${X86T}/initrd.nxi`],
      timeout: 90,
      command: () => x86("pc", ["-kernel", `${X86}/kernel.elf`, "-initrd", `${X86T}/initrd.nxi`, "-append", "init.run=usertests"], { smp }),
      expect,
      forbid,
      stopAfter: "init: init.run done",
    });
    out.push({
      name: `riscv64/usertests-smp${smp}`,
      arch: "riscv64",
      artifacts: [`${RV}/Image`, `${RVT}/initrd.nxi`],
      timeout: 90,
      command: () => rv("virt", ["-kernel", `${RV}/Image`, "-initrd", `${RVT}/initrd.nxi`, "-append", "init.run=usertests"], { smp }),
      expect,
      forbid,
      stopAfter: "init: init.run done",
    });
  }
  // With SMEP and SMAP on (QEMU's "max" CPU has them), any kernel access to
  // a cell's page would fault and panic: the suite passing shows the kernel
  // reaches cell memory only through the direct map.
  out.push({
    name: "x86_64/usertests-smap",
    arch: "x86_64",
    artifacts: [`${X86}/kernel.elf`, `${X86T}/initrd.nxi`],
    timeout: 90,
    command: () =>
      x86("pc", ["-cpu", "max", "-kernel", `${X86}/kernel.elf`, "-initrd", `${X86T}/initrd.nxi`, "-append", "init.run=usertests"], {
        smp: 2,
      }),
    expect: ["cpu: SMEP on, SMAP on", ...expect],
    forbid,
    stopAfter: "init: init.run done",
  });
  return out;
}
