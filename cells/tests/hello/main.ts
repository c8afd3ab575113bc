// The first cell: one line on console slot 0, then exit 0 (cells/rt/start.c
// calls exit after main returns). It proves the chain TS -> wasm -> C -> ELF
// -> initrd -> user mode.
import { println } from "../../lib/console";

export function main(): void {
  println("hello: running in user mode");
}
