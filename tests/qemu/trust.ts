// Verified boot against deliberately bad initrds.
import type { Pattern } from "../../scripts/harness/serial.ts";
import { type Case, READY, FILES, x86, rv, X86, RV } from "./common.ts";
import { tamperedLogsRejected } from "./ledger.ts";

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

export function trustCases(): Case[] {
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
