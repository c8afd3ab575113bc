// What the generic kernel needs from the architecture that is more than a
// single HAL call: each hal/<arch>/platform.ts extends this class, and its
// entry.ts hands an instance to kernelMain.
import { BootInfo } from "./bootinfo";

export abstract class Platform {
  abstract get arch(): string;
  // Stop the machine; under QEMU the exit status tells the harness `ok`.
  abstract poweroff(ok: bool, info: BootInfo): void;
  // Physical memory below this is never handed out (the PC's first MiB).
  abstract get lowMemoryReserve(): u64;
}
