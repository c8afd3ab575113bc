// User space: the user-space suite (usertests), the cell benchmarks as a
// test, and the user-space device driver.
import type { Pattern } from "../../scripts/harness/serial.ts";
import { type Case, x86, rv, X86, X86T, RV, RVT } from "./common.ts";

export const cellCases = (): Case[] => [
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
