/*
 * LD_PRELOAD shim for the interop tests: a pseudo-terminal has no modem-control
 * lines, so Linux answers TIOCMGET/TIOCMSET/TIOCMBIS/TIOCMBIC (and TIOCMIWAIT)
 * with an error, and some serial clients (gnokii, gsmlib, wvdial) give up on it.
 * Here those requests succeed: DTR/RTS writes are remembered, reads report them
 * together with DSR, CTS and DCD up, as a USB modem port would. Everything else
 * goes to the real ioctl.
 *
 * With MB_SHIM_PPP_DIR set, files under /etc/ppp/ are opened in that directory instead: wvdial
 * run as root appends its Username/Password to /etc/ppp/pap-secrets and chap-secrets, and a test
 * must not change the machine it runs on.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

static int lines = TIOCM_DTR | TIOCM_RTS;

static int (*real_ioctl)(int, unsigned long, ...);

/*
 * Resolved at load time, not on the first call: wvdial runs its dialer in coroutines with small
 * stacks, and a dlsym() there overflows one (WvTaskMan::yield's stack_magic assertion).
 */
__attribute__((constructor)) static void resolve_ioctl(void) {
  real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
}

int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  switch (request) {
    case TIOCMGET:
      *(int *)arg = lines | TIOCM_DSR | TIOCM_CTS | TIOCM_CAR;
      return 0;
    case TIOCMSET:
      lines = *(int *)arg;
      return 0;
    case TIOCMBIS:
      lines |= *(int *)arg;
      return 0;
    case TIOCMBIC:
      lines &= ~*(int *)arg;
      return 0;
    case TIOCMIWAIT:
      return 0;
    default:
      break;
  }
  if (!real_ioctl) resolve_ioctl();
  return real_ioctl(fd, request, arg);
}

/* ---- /etc/ppp redirection ---------------------------------------------------------------- */

static const char *redirect(const char *path, char *buf, size_t size) {
  const char *dir = getenv("MB_SHIM_PPP_DIR");
  if (!dir || !path || strncmp(path, "/etc/ppp/", 9) != 0) return path;
  snprintf(buf, size, "%s/%s", dir, path + 9);
  return buf;
}

#define OPEN_LIKE(name)                                                      \
  int name(const char *path, int flags, ...) {                               \
    static int (*real)(const char *, int, ...);                              \
    if (!real) real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, #name); \
    va_list ap;                                                              \
    va_start(ap, flags);                                                     \
    int mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, int) : 0;        \
    va_end(ap);                                                              \
    char buf[4096];                                                          \
    return real(redirect(path, buf, sizeof buf), flags, mode);               \
  }
OPEN_LIKE(open)
OPEN_LIKE(open64)

#define FOPEN_LIKE(name)                                                              \
  FILE *name(const char *path, const char *mode) {                                    \
    static FILE *(*real)(const char *, const char *);                                 \
    if (!real) real = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, #name); \
    char buf[4096];                                                                   \
    return real(redirect(path, buf, sizeof buf), mode);                               \
  }
FOPEN_LIKE(fopen)
FOPEN_LIKE(fopen64)
