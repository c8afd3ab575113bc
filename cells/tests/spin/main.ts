// spin: runs forever without a single system call, so only the timer takes
// the CPU back from it: what `run spin &` then `kill 1` in the shell shows.
import { storeRelease } from "../../lib/sys";

const counter = memory.data(4, 4);

export function main(): void {
  let n: u32 = 0;
  // A release store is a side effect the compilers keep, so the loop stays.
  while (true) storeRelease(counter, ++n);
}
