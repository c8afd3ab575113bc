/* x86_64 CPU half of the HAL: the exception table, port I/O, the cycle
 * counter, and how to stop. */
#include "nexus.h"

#include "trap.h"

struct idt_gate {
  uint16_t offset_lo, selector;
  uint8_t ist, type;
  uint16_t offset_mid;
  uint32_t offset_hi, zero;
} __attribute__((packed));

static struct idt_gate idt[256];
extern const uint64_t exception_vectors[36]; /* 0-31, then 32, 0xf0, 0xf1 and 255 */
extern const uint64_t device_vectors[32];    /* 48-79: hal/x86_64/irqs.ts */
extern const uint64_t syscall_vector;        /* 0x80 */
_Static_assert(__builtin_offsetof(struct cpu, user_return_sp) == 72, "trap.S CPU_USER_RETURN_SP");

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) {
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

/* Our own GDT, so nothing depends on the loader's (Limine's lives in memory
 * the kernel's page tables need not map), with one TSS per CPU whose IST1
 * stack takes double faults: a kernel stack overflow faults on the guard
 * page, the CPU cannot push onto the dead stack, and #DF must land somewhere
 * that works. Writable (.data): ltr marks a TSS descriptor busy. */
struct tss {
  uint32_t reserved0;
  uint64_t rsp[3];
  uint64_t reserved1;
  uint64_t ist[7];
  uint64_t reserved2;
  uint16_t reserved3, iomap_base;
} __attribute__((packed));

#define GDT_TSS 5 /* entries 5 + 2i and 6 + 2i: CPU i's TSS */
static struct tss tss[MAX_CPUS];
/* Cells run in ring 3 with selectors 0x1b (data) and 0x23 (64-bit code). */
static uint64_t gdt[GDT_TSS + 2 * MAX_CPUS] = {0, 0x00af9b000000ffff /* 0x08 code */, 0x00cf93000000ffff /* 0x10 data */,
                                               0x00cff3000000ffff /* 0x18 user data */, 0x00affb000000ffff /* 0x20 user code */};

/* A trap from ring 3 switches to rsp0: the top of the running cell's thread's kernel stack. */
void arch_set_kernel_stack(uint64_t top) { tss[this_cpu()->index].rsp[0] = top; }

static void load_gdt(uint32_t cpu) {
  struct tss *t = &tss[cpu];
  uint64_t base = (uint64_t)(uintptr_t)t, limit = sizeof *t - 1;
  t->iomap_base = sizeof *t;
  t->ist[0] = (uint64_t)(uintptr_t)(exception_stacks[cpu] + sizeof exception_stacks[cpu]);
  gdt[GDT_TSS + 2 * cpu] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
                           (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
  gdt[GDT_TSS + 2 * cpu + 1] = base >> 32;
  struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdtr = {sizeof gdt - 1, (uint64_t)(uintptr_t)gdt};
  __asm__ volatile("lgdt %0\n"
                   "pushq $0x08\n"
                   "leaq 1f(%%rip), %%rax\n"
                   "pushq %%rax\n"
                   "lretq\n"
                   "1: movw $0x10, %%ax\n"
                   "movw %%ax, %%ds\n movw %%ax, %%es\n movw %%ax, %%ss\n"
                   "movw %%ax, %%fs\n movw %%ax, %%gs\n"
                   :: "m"(gdtr) : "rax", "memory");
  __asm__ volatile("ltr %w0" ::"r"((GDT_TSS + 2 * cpu) * 8));
}

static inline uint64_t rdmsr(uint32_t msr) {
  uint32_t lo, hi;
  __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
  return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v) {
  __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* The kernel's page tables mark data no-execute; without EFER.NXE that bit is
 * reserved and every access through it faults. */
static void require_nx(void) {
  uint32_t a, b, c, d;
  __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001));
  if (!(d & (1u << 20))) panic_str("x86_64: this CPU has no NX bit; Nexus needs it for W^X");
  wrmsr(0xc0000080, rdmsr(0xc0000080) | (1u << 11));
}

/* SMEP and SMAP where the CPU has them: the kernel then can neither run nor
 * touch a cell's pages (it reads cell memory through the direct map only,
 * kernel/cell/uaccess.ts). x86.cpu_features reports bit 0 SMEP, bit 1 SMAP. */
static uint32_t cpu_features;
static void enable_smep_smap(void) {
  uint32_t a, b, c, d;
  __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0));
  if (a < 7) return;
  __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
  uint64_t cr4;
  __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
  uint32_t f = 0;
  if (b & (1u << 7)) { cr4 |= 1ull << 20; f |= 1; }
  if (b & (1u << 20)) { cr4 |= 1ull << 21; f |= 2; }
  __asm__ volatile("mov %0, %%cr4" ::"r"(cr4) : "memory");
  cpu_features = f;
}
uint32_t Z_x86Z_cpu_features(struct Z_x86_instance_t *h) { (void)h; return cpu_features; }

/* The local APIC, for IPIs and their EOI (its virtual address comes from TS). */
static volatile uint32_t *lapic;
#define LAPIC_EOI 0xb0
#define LAPIC_ICR_LOW 0x300
#define LAPIC_ICR_HIGH 0x310
#define LAPIC_SVR 0xf0

#define MSR_GS_BASE 0xc0000101
#define IPI_TLB_VECTOR 0xf0
#define IPI_WAKE_VECTOR 0xf1

struct cpu *this_cpu(void) {
  struct cpu *c;
  __asm__ volatile("movq %%gs:0, %0" : "=r"(c));
  return c;
}

void arch_init_cpu(struct cpu *c) {
  load_gdt(c->index);
  wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)c); /* after load_gdt: loading %gs clears the base */
  require_nx();
  enable_smep_smap();
  if (c->index == 0) {
    const uint16_t cs = 0x08;
    for (int i = 0; i < 36; i++) {
      uint64_t a = exception_vectors[i];
      int v = i < 33 ? i : i == 33 ? IPI_TLB_VECTOR : i == 34 ? IPI_WAKE_VECTOR : 255;
      idt[v] = (struct idt_gate){(uint16_t)a, cs, v == 8 ? 1 : 0 /* #DF on IST1 */, 0x8e, (uint16_t)(a >> 16), (uint32_t)(a >> 32), 0};
    }
    uint64_t sc = syscall_vector; /* DPL 3: cells may raise it */
    idt[0x80] = (struct idt_gate){(uint16_t)sc, cs, 0, 0xee, (uint16_t)(sc >> 16), (uint32_t)(sc >> 32), 0};
    for (int i = 0; i < 32; i++) {
      uint64_t a = device_vectors[i];
      idt[48 + i] = (struct idt_gate){(uint16_t)a, cs, 0, 0x8e, (uint16_t)(a >> 16), (uint32_t)(a >> 32), 0};
    }
    /* The legacy PICs stay masked: their default vectors collide with exceptions. */
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
  }
  struct { uint16_t limit; uint64_t base; } __attribute__((packed)) idtr = {sizeof idt - 1, (uint64_t)(uintptr_t)idt};
  __asm__ volatile("lidt %0" ::"m"(idtr));
  /* A secondary CPU may park for the kernel lock before any TS runs on it:
   * its local APIC must take the kick (software-enabled, spurious 255). */
  if (lapic) lapic[LAPIC_SVR / 4] = 0x100 | 0xff;
}


static void lapic_eoi(void) { if (lapic) lapic[LAPIC_EOI / 4] = 0; }

void arch_send_ipi(struct cpu *c, enum ipi_kind kind) {
  if (!lapic) return;
  while (lapic[LAPIC_ICR_LOW / 4] & (1u << 12)) __asm__ volatile("pause"); /* the last one is out */
  lapic[LAPIC_ICR_HIGH / 4] = c->hw_id << 24;
  lapic[LAPIC_ICR_LOW / 4] = 0x4000 | (kind == IPI_TLB ? IPI_TLB_VECTOR : IPI_WAKE_VECTOR);
}

/* The task priority 0xe0 holds back every vector below 0xf0: only IPIs wake
 * a parked CPU. Without the local APIC mapped (early boot) there is no one
 * to wait for anyway. */
#define LAPIC_TPR 0x80
void arch_park(void) {
  if (!lapic) { __asm__ volatile("pause"); return; }
  lapic[LAPIC_TPR / 4] = 0xe0;
  __asm__ volatile("sti; hlt; cli" ::: "memory");
  lapic[LAPIC_TPR / 4] = 0;
}

void Z_x86Z_set_lapic_base(struct Z_x86_instance_t *h, uint64_t lapic_va) {
  (void)h;
  lapic = (volatile uint32_t *)(uintptr_t)lapic_va;
}

/* With CR4.PGE on, global pages survive a cr3 reload; toggling PGE drops them. */
void arch_flush_tlb_all(void) {
  uint64_t cr4;
  __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
  if (cr4 & (1ull << 7))
    __asm__ volatile("mov %0, %%cr4\n mov %1, %%cr4" ::"r"(cr4 & ~(1ull << 7)), "r"(cr4) : "memory");
  else
    __asm__ volatile("mov %%cr3, %%rax\n mov %%rax, %%cr3" ::: "rax", "memory");
}

/* Where secondary CPUs start (hal/x86_64/smp.S), for hal/x86_64/smp.ts. */
extern char limine_ap_entry[], ap_entry64[], ap_trampoline[], ap_trampoline_end[];
#define ENTRY(name, symbol)                                                  \
  uint64_t name(struct Z_x86_instance_t *h) {                                \
    (void)h;                                                                 \
    return (uint64_t)(uintptr_t)symbol;                                      \
  }
ENTRY(Z_x86Z_limine_ap_entry, limine_ap_entry)
ENTRY(Z_x86Z_ap_entry64, ap_entry64)
ENTRY(Z_x86Z_trampoline_start, ap_trampoline)
ENTRY(Z_x86Z_trampoline_end, ap_trampoline_end)

uint64_t arch_current_root(void) {
  uint64_t cr3;
  __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
  return cr3;
}

static const char *const exception_names[32] = {
  "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range", "invalid opcode",
  "device not available", "double fault", "coprocessor overrun", "invalid TSS", "segment not present",
  "stack fault", "general protection fault", "page fault", "reserved", "x87 floating point",
  "alignment check", "machine check", "SIMD floating point", "virtualization", "control protection",
  "reserved", "reserved", "reserved", "reserved", "reserved", "reserved", "hypervisor injection",
  "VMM communication", "security", "reserved",
};

static const char *const reg_names[] = {
  "rip", "rsp", "rflags", "error", "cr2", "rax", "rbx", "rcx", "rdx", "rsi",
  "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

extern uint64_t probe_recover, probe_fault_addr;

void x86_exception(struct trap_frame *f) {
  uint64_t cr2;
  __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
  if (f->vector == 32) { /* interrupts are taken only in cpu.wait_for_interrupt */
    WITH_BKL(Z_kernelZ_timerInterrupt(&kernel_instance));
    return;
  }
  if (f->vector == IPI_TLB_VECTOR || f->vector == IPI_WAKE_VECTOR) {
    ipi_received(f->vector == IPI_TLB_VECTOR ? IPI_TLB : IPI_WAKE);
    lapic_eoi();
    return;
  }
  if (f->vector >= 48 && f->vector < 80) { /* device; also only in wait_for_interrupt */
    WITH_BKL(Z_kernelZ_deviceInterrupt(&kernel_instance, (uint32_t)f->vector));
    return;
  }
  if (f->vector == 255) return; /* spurious: no EOI */
  if (f->vector == 14 && probe_recover) { /* an expected fault: resume the probe */
    probe_fault_addr = cr2;
    f->rip = probe_recover;
    probe_recover = 0;
    return;
  }
  uint64_t v[] = {f->rip, f->rsp, f->rflags, f->error, cr2, f->rax, f->rbx, f->rcx, f->rdx, f->rsi,
                  f->rdi, f->rbp, f->r8, f->r9, f->r10, f->r11, f->r12, f->r13, f->r14, f->r15};
  struct panic_regs r = {reg_names, v, 20, f->rip, f->rbp};
  const char *what = exception_names[f->vector & 31];
  if (f->vector == 14) {
    /* error code: bit 0 present, 1 write, 2 user, 4 instruction fetch */
    what = kernel_page_fault(cr2, (f->error & 16) ? 2 : (f->error & 2) ? 1 : 0);
    if (!what) return; /* a new heap page: run the access again */
  } else if (f->vector == 8) {
    /* Most often a page fault that could not push its frame: a stack ran
     * into its guard page, which cr2 names. */
    const char *why = stack_overflow_at(cr2);
    if (why) what = why;
  }
  panic_regs("CPU exception", what, &r);
}

void arch_console_putc(int c) {
  for (int spin = 0; spin < 100000 && !(inb(0x3f8 + 5) & 0x20); spin++) {}
  outb(0x3f8, (uint8_t)c);
}

_Noreturn void arch_halt(void) {
  for (;;) __asm__ volatile("cli; hlt");
}

/* isa-debug-exit: QEMU exits with status (v << 1) | 1, so 1 gives 3 (failure). */
_Noreturn void arch_exit_failure(void) {
  outl(0xf4, 1);
  arch_halt();
}

uint64_t arch_frame_pointer(void) { return (uint64_t)(uintptr_t)__builtin_frame_address(0); }

int arch_unwind(uint64_t fp, uint64_t *ret, uint64_t *caller_fp) {
  if (fp & 7 || fp < 0xffff800000000000ull) return 0;
  *caller_fp = ((uint64_t *)fp)[0];
  *ret = ((uint64_t *)fp)[1];
  return 1;
}

/* The imports of hal/cpu.ts and hal/mmu.ts, and x86_64's own (module "x86"). */
uint32_t Z_x86Z_in8(struct Z_x86_instance_t *h, uint32_t port) { (void)h; return inb((uint16_t)port); }
void Z_x86Z_out8(struct Z_x86_instance_t *h, uint32_t port, uint32_t v) { (void)h; outb((uint16_t)port, (uint8_t)v); }
void Z_x86Z_out32(struct Z_x86_instance_t *h, uint32_t port, uint32_t v) { (void)h; outl((uint16_t)port, v); }
uint64_t Z_cpuZ_cycles(struct Z_cpu_instance_t *h) {
  (void)h;
  uint32_t lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
}
void Z_cpuZ_halt(struct Z_cpu_instance_t *h) {
  (void)h;
  for (;;) __asm__ volatile("hlt"); /* interrupts stay as they are: idle */
}
void Z_mmuZ_set_page_table(struct Z_mmu_instance_t *h, uint64_t root) {
  (void)h;
  __asm__ volatile("mov %0, %%cr3" ::"r"(root) : "memory");
}
void arch_flush_tlb_page(uint64_t va) { __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory"); }
void Z_mmuZ_flush_tlb(struct Z_mmu_instance_t *h, uint64_t va) {
  (void)h;
  arch_flush_tlb_page(va);
}
uint32_t Z_mmuZ_address_bits(struct Z_mmu_instance_t *h) { (void)h; return 48; }
/* The kernel is not preemptible: interrupts are enabled only here, for one
 * wait (sti takes effect after hlt starts, so no wake-up is lost), and the
 * big kernel lock is free meanwhile. */
void Z_cpuZ_wait_for_interrupt(struct Z_cpu_instance_t *h) {
  (void)h;
  bkl_unlock();
  __asm__ volatile("sti; hlt; cli" ::: "memory");
  bkl_lock();
}
