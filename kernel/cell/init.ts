// The first cell: the kernel starts `init` from the verified initrd with the
// capabilities it mints at boot, in init's slots (abi/slots.ts, docs/cells.md);
// init starts the rest. Its arguments are the kernel's command line.
import { BootInfo } from "../../boot/bootinfo";
import { R_READ, R_WRITE, R_SPAWN, R_WAIT, R_ACK } from "../../abi/caps";
import { INIT_CONSOLE, INIT_SPAWN, INIT_KINFO, INIT_INITRD, INIT_MMIO, INIT_IRQ } from "../../abi/slots";
import { println } from "../console";
import { Cell, cells } from "../object/cell";
import { ConsoleObject } from "../object/console";
import { KinfoObject } from "../object/kinfo";
import { InitrdObject } from "../object/initrd";
import { findImage, start, DEFAULT_QUOTA } from "./lifecycle";
import { mintDevices } from "./devices";

export function startInit(info: BootInfo): bool {
  const image = findImage("init");
  if (image === null) {
    println("init: no verified cell image named 'init': no user space");
    return false;
  }
  const init = new Cell(0, "init", image);
  init.quota = DEFAULT_QUOTA;
  init.args = changetype<StaticArray<u8>>(String.UTF8.encode(info.cmdline)); // init reads init.run= from it
  const t = init.template;
  t.insertRootAt(<i32>INIT_CONSOLE, new ConsoleObject(), R_READ | R_WRITE);
  t.insertRootAt(<i32>INIT_SPAWN, init, R_SPAWN);
  t.insertRootAt(<i32>INIT_KINFO, new KinfoObject(), R_READ);
  t.insertRootAt(<i32>INIT_INITRD, new InitrdObject(), R_READ);
  const dev = mintDevices(info.device);
  if (dev.mmio !== null) t.insertRootAt(<i32>INIT_MMIO, dev.mmio!, R_READ | R_WRITE);
  if (dev.irq !== null) t.insertRootAt(<i32>INIT_IRQ, dev.irq!, R_WAIT | R_ACK);
  if (start(init) < 0) return false;
  cells.push(init);
  return true;
}
