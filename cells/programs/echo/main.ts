// echo: its arguments, separated by one space, on stdout.
import { outln, close, cellArgs } from "../../lib/stdio";

export function main(): void {
  outln(cellArgs().join(" "));
  close();
}
