/* riscv64 CPU half of the HAL: the trap vector, SBI calls, the time counter,
 * and how to stop. */
#include "nexus.h"

/* x[i] holds register x(i+1) (x[1] is the interrupted sp); then what sret
 * needs, kept in the frame because a trap inside the handler changes the CSRs. */
struct trap_frame { uint64_t x[31], scratch, sepc, sstatus; };

extern void trap_entry(void);
uint64_t hal_poweroff_mmio; /* the sifive_test device (virtual), if the TS side found one */

struct sbiret { int64_t error; uint64_t value; };

static struct sbiret sbi(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2) {
  register uint64_t r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2;
  register uint64_t r6 __asm__("a6") = fid, r7 __asm__("a7") = ext;
  __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
  return (struct sbiret){(int64_t)r0, r1};
}

#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434e

#define SBI_EXT_IPI 0x735049

/* Traps from the kernel switch to this CPU's exception stack (sscratch), so
 * a kernel stack overflow into its guard page can still be reported. */

struct cpu *this_cpu(void) {
  struct cpu *c;
  __asm__ volatile("mv %0, tp" : "=r"(c)); /* nothing else uses tp: no thread-local storage */
  return c;
}

void arch_init_cpu(struct cpu *c) {
  __asm__ volatile("mv tp, %0" ::"r"(c));
  __asm__ volatile("csrw sscratch, %0" ::"r"((uint64_t)(uintptr_t)(exception_stacks[c->index] + sizeof exception_stacks[c->index])));
  __asm__ volatile("csrw stvec, %0" ::"r"((uint64_t)(uintptr_t)trap_entry));
}

void arch_send_ipi(struct cpu *c, enum ipi_kind kind) {
  __atomic_fetch_or(&c->ipi_pending, 1u << kind, __ATOMIC_RELEASE);
  sbi(SBI_EXT_IPI, 0, 1, c->hw_id, 0); /* send_ipi(hart_mask 1, base hart) */
}

/* Only the software interrupt (IPIs) is enabled while parked. */
void arch_park(void) {
  uint64_t sie;
  __asm__ volatile("csrrw %0, sie, %1" : "=r"(sie) : "r"(1ul << 1));
  __asm__ volatile("wfi\n csrsi sstatus, 2\n csrci sstatus, 2" ::: "memory");
  __asm__ volatile("csrw sie, %0" ::"r"(sie));
}

void arch_flush_tlb_all(void) { __asm__ volatile("sfence.vma zero, zero" ::: "memory"); }

uint64_t arch_current_root(void) {
  uint64_t satp;
  __asm__ volatile("csrr %0, satp" : "=r"(satp));
  return satp;
}

/* Where secondary harts start (hal/riscv64/smp.S), for hal/riscv64/smp.ts. */
extern char limine_ap_entry[], hsm_entry[];
uint64_t Z_riscvZ_limine_ap_entry(struct Z_riscv_instance_t *h) { (void)h; return (uint64_t)(uintptr_t)limine_ap_entry; }
uint64_t Z_riscvZ_hsm_entry(struct Z_riscv_instance_t *h) { (void)h; return (uint64_t)(uintptr_t)hsm_entry; }

static const char *const cause_names[16] = {
  "instruction address misaligned", "instruction access fault", "illegal instruction",
  "breakpoint", "load address misaligned", "load access fault", "store address misaligned",
  "store access fault", "environment call from U-mode", "environment call from S-mode",
  "reserved", "reserved", "instruction page fault", "load page fault", "reserved",
  "store page fault",
};

static const char *const reg_names[] = {
  "sepc", "stval", "scause", "sstatus", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
  "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4",
  "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

extern uint64_t probe_recover, probe_fault_addr;
_Noreturn static void riscv_trap_fatal(struct trap_frame *f, const char *what);

/* Kept tiny: a probe's fault returns to code whose FP registers are live. */
void riscv_trap(struct trap_frame *f) {
  uint64_t scause, stval;
  __asm__ volatile("csrr %0, scause" : "=r"(scause));
  if (scause == ((1ull << 63) | 5)) { /* supervisor timer; only in wait_for_interrupt */
    WITH_BKL(Z_kernelZ_timerInterrupt(&kernel_instance));
    return;
  }
  if (scause == ((1ull << 63) | 1)) { /* supervisor software: an IPI */
    __asm__ volatile("csrc sip, %0" ::"r"(1ul << 1));
    uint32_t kinds = __atomic_exchange_n(&this_cpu()->ipi_pending, 0, __ATOMIC_ACQUIRE);
    if (kinds & (1u << IPI_TLB)) ipi_received(IPI_TLB);
    if (kinds & (1u << IPI_WAKE)) ipi_received(IPI_WAKE);
    return;
  }
  if (scause == ((1ull << 63) | 9)) { /* supervisor external: the PLIC; also only there */
    WITH_BKL(Z_kernelZ_deviceInterrupt(&kernel_instance, 9));
    return;
  }
  if (probe_recover && (scause == 12 || scause == 13 || scause == 15)) {
    __asm__ volatile("csrr %0, stval" : "=r"(stval));
    probe_fault_addr = stval;
    f->sepc = probe_recover;
    probe_recover = 0;
    return;
  }
  if (scause == 12 || scause == 13 || scause == 15) {
    __asm__ volatile("csrr %0, stval" : "=r"(stval));
    const char *what = kernel_page_fault(stval, scause == 12 ? 2 : scause == 15 ? 1 : 0);
    if (!what) return; /* a new heap page: run the access again */
    riscv_trap_fatal(f, what);
  }
  riscv_trap_fatal(f, NULL);
}

_Noreturn static void riscv_trap_fatal(struct trap_frame *f, const char *what) {
  uint64_t sepc = f->sepc, sstatus = f->sstatus, stval, scause;
  __asm__ volatile("csrr %0, stval" : "=r"(stval));
  __asm__ volatile("csrr %0, scause" : "=r"(scause));
  /* frame slot i holds x(i+1) (x0 is not saved; slot 1 is the old sp) */
  const uint64_t *x = f->x;
  uint64_t v[] = {sepc, stval, scause, sstatus, x[0], x[1], x[2], x[3], x[4], x[5], x[6],
                  x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15], x[16], x[17],
                  x[18], x[19], x[20], x[21], x[22], x[23], x[24], x[25], x[26], x[27], x[28],
                  x[29], x[30]};
  struct panic_regs r = {reg_names, v, 35, sepc, x[7]};
  if (!what) what = (scause >> 63) ? "unexpected interrupt" : scause < 16 ? cause_names[scause] : "unknown trap";
  if (!(scause >> 63) && guard_page_hit(stval) == 1) what = "kernel stack overflow (guard page hit)";
  panic_regs("CPU exception", what, &r);
}

/* Before the TS side has chosen a UART: the SBI debug console, else the legacy putchar. */
void arch_console_putc(int c) {
  static int have_dbcn = -1;
  if (have_dbcn < 0) have_dbcn = sbi(0x10, 3, SBI_EXT_DBCN, 0, 0).value != 0;
  if (have_dbcn) sbi(SBI_EXT_DBCN, 2, (uint64_t)(uint8_t)c, 0, 0);
  else sbi(1, 0, (uint64_t)(uint8_t)c, 0, 0);
}

_Noreturn void arch_halt(void) {
  for (;;) {
    __asm__ volatile("csrw sie, zero");
    __asm__ volatile("wfi");
  }
}

/* The sifive_test device exits QEMU with status (v >> 16) for 0x3333; OpenSBI's
 * system reset would report success whatever the reason, so it comes second. */
_Noreturn void arch_exit_failure(void) {
  if (hal_poweroff_mmio) *(volatile uint32_t *)(uintptr_t)hal_poweroff_mmio = 0x3333 | (1 << 16);
  sbi(SBI_EXT_SRST, 0, 0, 1, 0); /* shutdown, reason: system failure */
  sbi(8, 0, 0, 0, 0);            /* legacy shutdown */
  arch_halt();
}

uint64_t arch_frame_pointer(void) { return (uint64_t)(uintptr_t)__builtin_frame_address(0); }

/* clang's riscv64 frame: s0 is the frame's top; ra at s0-8, the caller's s0 at s0-16. */
int arch_unwind(uint64_t fp, uint64_t *ret, uint64_t *caller_fp) {
  if (fp & 7 || fp < 0xffffffc000000000ull + 16) return 0;
  *ret = ((uint64_t *)fp)[-1];
  *caller_fp = ((uint64_t *)fp)[-2];
  return 1;
}

/* The imports of hal/cpu.ts and hal/mmu.ts, and riscv64's own (module "riscv"). */
static uint64_t last_sbi_value;

uint64_t Z_riscvZ_sbi_call(struct Z_riscv_instance_t *h, uint32_t e, uint32_t f, uint64_t a0, uint64_t a1, uint64_t a2) {
  (void)h;
  struct sbiret r = sbi(e, f, a0, a1, a2);
  last_sbi_value = r.value;
  return (uint64_t)r.error;
}
uint64_t Z_riscvZ_sbi_value(struct Z_riscv_instance_t *h) { (void)h; return last_sbi_value; }
void Z_riscvZ_set_panic_poweroff(struct Z_riscv_instance_t *h, uint64_t addr) { (void)h; hal_poweroff_mmio = addr; }
static uint64_t satp_mode(void) {
  uint64_t satp;
  __asm__ volatile("csrr %0, satp" : "=r"(satp));
  return satp >> 60;
}
/* Same translation mode as the loader's (Limine defaults to Sv48; our stub uses Sv39). */
void Z_mmuZ_set_page_table(struct Z_mmu_instance_t *h, uint64_t root) {
  (void)h;
  uint64_t satp = (satp_mode() << 60) | (root >> 12);
  __asm__ volatile("sfence.vma\n csrw satp, %0\n sfence.vma" ::"r"(satp) : "memory");
}
void arch_flush_tlb_page(uint64_t va) { __asm__ volatile("sfence.vma %0" ::"r"(va) : "memory"); }
void Z_mmuZ_flush_tlb(struct Z_mmu_instance_t *h, uint64_t va) {
  (void)h;
  arch_flush_tlb_page(va);
}
uint32_t Z_mmuZ_address_bits(struct Z_mmu_instance_t *h) { (void)h; return satp_mode() == 9 ? 48 : 39; }
/* The kernel is not preemptible: interrupts are enabled only here, for one
 * wait, and the big kernel lock is free meanwhile. A pending interrupt makes
 * wfi return at once, so none is lost. */
void Z_cpuZ_wait_for_interrupt(struct Z_cpu_instance_t *h) {
  (void)h;
  bkl_unlock();
  __asm__ volatile("csrs sie, %0" ::"r"((1ul << 5) | (1ul << 9) | (1ul << 1))); /* STIE, SEIE, SSIE */
  __asm__ volatile("wfi\n csrsi sstatus, 2\n csrci sstatus, 2" ::: "memory");
  bkl_lock();
}
uint64_t Z_cpuZ_cycles(struct Z_cpu_instance_t *h) {
  (void)h;
  uint64_t t;
  __asm__ volatile("rdtime %0" : "=r"(t));
  return t;
}
void Z_cpuZ_halt(struct Z_cpu_instance_t *h) {
  (void)h;
  for (;;) __asm__ volatile("wfi");
}
