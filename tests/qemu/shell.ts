// The shell, typed at through the serial port, on the test initrd and on the
// release image.
import { existsSync } from "node:fs";
import type { Pattern } from "../../scripts/harness/serial.ts";
import {
  type Case,
  READY,
  ROOT,
  FILE_NAMES,
  RELEASE_CELLS,
  TEST_CELLS,
  BUNDLES,
  TEST_BUNDLES,
  verified,
  x86,
  rv,
  X86,
  X86T,
  RV,
  RVT,
} from "./common.ts";

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

export const shellCases: Case[] = [
  shellCase("x86_64", "shell", SHELL_STEPS, { initrd: "test" }),
  shellCase("riscv64", "shell", SHELL_STEPS, { initrd: "test" }),
  shellCase("x86_64", "shell-fault", FAULT_STEPS, { initrd: "test", requires: crashy }),
  shellCase("riscv64", "shell-fault", FAULT_STEPS, { initrd: "test", requires: crashy }),
  shellCase("x86_64", "shell-release", RELEASE_STEPS, { initrd: "release", check: releaseOnly }),
  shellCase("riscv64", "shell-release", RELEASE_STEPS, { initrd: "release", check: releaseOnly }),
];
