/* Where every boot stub lands: set up the CPU, start the wasm2c instance of the
 * TS kernel and hand it the boot protocol's raw record to normalise. */
#include "nexus.h"
#include "kernel_imports.h" /* generated: KERNEL_IMPORTS, a 0 per import module (their instances carry nothing) */

uint64_t hal_hhdm;
uint64_t hal_kernel_phys;
Z_kernel_instance_t kernel_instance;

extern char __kernel_start[], __kernel_end[];

_Noreturn void hal_boot(uint32_t proto, uint64_t info, uint64_t arg) {
  cpus[0].self = &cpus[0]; /* the boot CPU is CPU 0, whatever its APIC or hart id */
  arch_init_cpu(&cpus[0]);
  cpus[0].arrived = 1;
  bkl_lock();
  Z_kernel_init_module();
  Z_kernel_instantiate(&kernel_instance KERNEL_IMPORTS);
  ts_instance_ready = 1;
  Z_kernelZ_kernelEntry(&kernel_instance, proto, info, arg, hal_hhdm, hal_kernel_phys,
                        (uint64_t)(uintptr_t)__kernel_start, (uint64_t)(__kernel_end - __kernel_start));
  panic_str("kernelEntry returned");
}
