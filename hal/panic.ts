// The HAL's panic imports (module "panic", hal/common/panic.c): the C panic
// path prints on its own, so TS tells it which UART the console uses (kinds
// in drivers/uart/uart.ts; base is the virtual address, or the I/O port of a
// port-I/O UART).
@external("panic", "console") export declare function panicConsole(kind: u32, base: u64, regShift: u32, regWidth: u32): void;
