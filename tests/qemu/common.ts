// What the QEMU cases share: the shape of a case (scripts/harness/run.ts says
// what each field means), the QEMU command lines, the artifacts' places, and
// the lines every boot prints.
import { existsSync, readdirSync } from "node:fs";
import type { Pattern } from "../../scripts/harness/serial.ts";

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

export const OVMF = "/usr/share/ovmf/OVMF.fd";
export const UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf";
export const READY = "nexus: ready";
export const KTEST_SUMMARY = /ktest: \d+ passed, \d+ failed/;
export const PC_IRQS = "irq: I/O APIC 0 at 0xfec00000, 5 ISA overrides";
export const X86_PASS = 33; // isa-debug-exit: (0x10 << 1) | 1
// The release initrd (build/<arch>/initrd.nxi, in every image) holds a bundle
// per file of boot/initrd/ and one per system cell and program
// (cells/system/, cells/programs/); the test initrd (build/<arch>/test/)
// adds the tests and benchmarks; the trust cases' initrds hold the files alone.
export const ROOT = new URL("../../", import.meta.url);
export const FILE_NAMES = readdirSync(new URL("boot/initrd/", ROOT)).filter((f) => !f.startsWith("."));
export const FILES = FILE_NAMES.length;
export const cellsOf = (role: string) =>
  readdirSync(new URL(`cells/${role}/`, ROOT)).filter((d) => existsSync(new URL(`cells/${role}/${d}/main.ts`, ROOT)));
export const RELEASE_CELLS = [...cellsOf("system"), ...cellsOf("programs")];
export const TEST_CELLS = [...cellsOf("tests"), ...cellsOf("benchmarks")];
export const BUNDLES = FILES + RELEASE_CELLS.length;
export const TEST_BUNDLES = BUNDLES + TEST_CELLS.length;
// A boot whose initrd of n bundles verified whole.
export const verified = (n: number): Pattern[] => [
  /trust: kernel measurement [0-9a-f]{64}/,
  new RegExp(`trust: initrd manifest version \\d+ signed by [0-9a-f]{16}, ${n} bundles`),
  `trust: ${n} bundle(s) verified, 0 refused`,
  /ledger: \d+ entries, head [0-9a-f]{64}/,
];
export const VERIFIED = verified(BUNDLES);

// The in-kernel tests that need a second CPU: a -smp 4 case must show them.
export const SMP_KTESTS: Pattern[] = [
  /ok \d+ - smp: a thread woken from another CPU/,
  /ok \d+ - smp: busy threads on every CPU/,
  /ok \d+ - smp: a page remapped on one CPU/,
];
export const online = (n: number): Pattern => `smp: ${n} of ${n} CPUs online`;

export const limineMissing = (iso: string) => () => (existsSync(iso) ? null : "Limine not installed (no " + iso + ")");

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

export const X86 = "build/x86_64";
export const X86K = "build/x86_64-ktest";
export const X86T = "build/x86_64/test"; // the test initrd, booted with the X86 kernel
export const RV = "build/riscv64";
export const RVK = "build/riscv64-ktest";
export const RVT = "build/riscv64/test";

export const banner = (protocol: string, firmware: string): Pattern[] => [
  /nexus \d+\.\d+\.\d+ \((x86_64|riscv64)\)/,
  new RegExp(`boot: protocol=${protocol} firmware=${firmware}`),
  /memory: \d+ entries, \d+ bytes usable/,
];
