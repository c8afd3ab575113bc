// The first cell: the kernel starts `init` from the verified initrd with
// the initial capabilities (docs/cells.md); init starts the rest.
import { println } from "../console";
import { R_READ, R_WRITE, R_SPAWN, R_WAIT, R_ACK } from "../../abi/caps";
import { ConsoleObject, KinfoObject } from "../syscall/misc";
import { InitrdObject } from "../syscall/files";
import { Cell, cells } from "../object/cell";
import { findImage, start } from "./lifecycle";
import { DEFAULT_QUOTA } from "./lifecycle";
import { UserDevice } from "../../boot/bootinfo";
import { mintDevices } from "./devices";

// init's slots: 0 console, 1 spawn, 2 kinfo, 3 initrd files, 5 the user
// device's registers (mmio), 6 its interrupt (irq), where there is one; its
// args are the kernel's command line.
export function startInit(cmdline: string, device: UserDevice): bool {
  const image = findImage("init");
  if (image === null) {
    println("init: no verified cell image named 'init': no user space");
    return false;
  }
  const init = new Cell(0, "init", image);
  init.quota = DEFAULT_QUOTA;
  init.args = changetype<StaticArray<u8>>(String.UTF8.encode(cmdline)); // init reads init.run= from it
  const t = init.template;
  t.insertRootAt(0, new ConsoleObject(), R_READ | R_WRITE);
  t.insertRootAt(1, init, R_SPAWN);
  t.insertRootAt(2, new KinfoObject(), R_READ);
  t.insertRootAt(3, new InitrdObject(), R_READ);
  const dev = mintDevices(device);
  if (dev.mmio !== null) t.insertRootAt(5, dev.mmio!, R_READ | R_WRITE);
  if (dev.irq !== null) t.insertRootAt(6, dev.irq!, R_WAIT | R_ACK);
  if (start(init) < 0) return false;
  cells.push(init);
  return true;
}
