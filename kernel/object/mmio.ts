// An MMIO object: a page-aligned physical range of device registers that
// cells holding an mmio capability map into their own space (map). The
// frames are the device's, never the allocator's: nothing is freed when a
// mapping or the last capability goes.
import { KernelObject } from "../cap/object";
import { KIND_MMIO } from "../../abi/caps";

export class MmioObject extends KernelObject {
  constructor(
    public name: string,
    public base: u64,
    public pages: u64,
  ) {
    super();
  }
  get kind(): u32 {
    return KIND_MMIO;
  }
  describe(): string {
    return this.name + ": " + this.pages.toString() + " pages at 0x" + this.base.toString(16);
  }
}
