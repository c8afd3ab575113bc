// The QEMU cases, as data, by area: each case boots one QEMU, reads its
// serial output and checks it (scripts/harness/run.ts says what each field
// means). `make bench` times the cases marked `bench` to `nexus: ready`.
import { type Case, x86, rv } from "./common.ts";
import { bootCases } from "./boot.ts";
import { trustCases } from "./trust.ts";
import { cellCases } from "./cells.ts";
import { shellCases } from "./shell.ts";

export type { Case };
export { x86, rv };

export const cases: Case[] = [...bootCases, ...trustCases(), ...cellCases(), ...shellCases];
