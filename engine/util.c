/* util.c - allocation, owned errors, buffers, intern pool, dates, JSON strings. */
#define _DEFAULT_SOURCE 1       /* MADV_HUGEPAGE, beside _XOPEN_SOURCE */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redline/redline.h"

static void oom(void)
{
	fputs("redline: out of memory\n", stderr);
	abort();
}

void *rl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *rl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *rl_xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	size_t bytes = n * size;
	p = realloc(p, bytes ? bytes : 1);
	if (!p)
		oom();
	return p;
}

#define HUGE_PAGE ((size_t)2 << 20)

void *rl_xmalloc_large(size_t n)
{
	if (n < RL_LARGE_BYTES)
		return rl_xmalloc(n);
	if (n > SIZE_MAX - HUGE_PAGE)
		oom();
	size_t round = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	void *p = NULL;
	if (posix_memalign(&p, HUGE_PAGE, round) != 0 || !p)
		oom();
#ifdef MADV_HUGEPAGE
	madvise(p, round, MADV_HUGEPAGE);      /* advice: refused is fine */
#endif
	return p;
}

char *rl_xstrdup(const char *s)
{
	return rl_xstrndup(s, strlen(s));
}

char *rl_xstrndup(const char *s, size_t n)
{
	char *d = rl_xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *rl_vfmt(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return rl_xstrdup(fmt);
	char *s = rl_xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *rl_fmt(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = rl_vfmt(fmt, ap);
	va_end(ap);
	return s;
}

void rl_seterr(char **err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *s = rl_vfmt(fmt, ap);
	va_end(ap);
	free(*err);
	*err = s;
}

void rl_seterr_take(char **err, char *msg)
{
	if (!msg)
		return;
	if (!err) {
		free(msg);
		return;
	}
	free(*err);
	*err = msg;
}

void rl_buf_add(rl_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = rl_xrealloc(b->data, cap, 1);
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void rl_buf_puts(rl_buf *b, const char *s)
{
	rl_buf_add(b, s, strlen(s));
}

void rl_buf_putc(rl_buf *b, char c)
{
	rl_buf_add(b, &c, 1);
}

void rl_buf_printf(rl_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = rl_vfmt(fmt, ap);
	va_end(ap);
	rl_buf_puts(b, s);
	free(s);
}

void rl_buf_free(rl_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *rl_buf_take(rl_buf *b)
{
	char *s = b->data ? b->data : rl_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

FILE *rl_open_regular(const char *path, size_t max, char **err)
{
	/* O_NONBLOCK: opening a FIFO for reading must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		rl_seterr(err, "%s:0: expected a readable file, found %s", path,
		          strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		rl_seterr(err, "%s:0: expected a regular file, found %s", path,
		          S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ? "a FIFO"
		          : "a device or other special file");
		return NULL;
	}
	if (max && (unsigned long long)st.st_size > max) {
		close(fd);
		rl_seterr(err, "%s:0: expected a file of at most %zu MiB, found %lld bytes",
		          path, max >> 20, (long long)st.st_size);
		return NULL;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		rl_seterr(err, "%s:0: expected a readable file, found %s", path,
		          strerror(errno));
	}
	return f;
}

char *rl_read_file(const char *path, size_t *len, char **err)
{
	return rl_read_file_max(path, RL_MAX_FILE_BYTES, len, err);
}

char *rl_read_file_max(const char *path, size_t max, size_t *len, char **err)
{
	return rl_read_file_jobs(path, max, 1, NULL, len, err);
}

/* --- reading a large file on several threads ------------------------------ */

#define READ_RANGES_MIN ((size_t)8 << 20)      /* smaller files: one read */
#define READ_RANGES_MAX 16

unsigned rl_read_probe_bytes(const rl_read_probe *probe, const char *data, size_t n)
{
	unsigned seen = 0;
	for (size_t i = 0; probe && i < probe->n; i++)
		if (memchr(data, probe->bytes[i], n))
			seen |= 1u << i;
	return seen;
}

typedef struct read_range {
	int fd;
	char *to;
	off_t at;
	size_t want, got;
	const rl_read_probe *probe;
	unsigned seen;
	int failed;
	pthread_t thread;
	int threaded;
} read_range;

ssize_t rl_pread_full(int fd, char *to, size_t n, off_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, to + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static void *read_range_run(void *arg)
{
	read_range *r = arg;
	ssize_t n = rl_pread_full(r->fd, r->to, r->want, r->at);
	if (n != (ssize_t)r->want) {
		r->failed = 1;
		return NULL;
	}
	r->got = (size_t)n;
	r->seen = rl_read_probe_bytes(r->probe, r->to, r->got);
	return NULL;
}

/* The size bytes of f into data, one range per thread (jobs of them), the
 * page faults and copies of each on its own thread.  1 if every range was
 * read whole and the file ends at size; 0 if not (a read error, or the file
 * grew or shrank meanwhile): the caller then reads it again from the start,
 * one chunk after another, and reports what it finds. */
static int read_ranges(FILE *f, char *data, size_t size, int jobs, rl_read_probe *probe)
{
	read_range rs[READ_RANGES_MAX];
	if (jobs > READ_RANGES_MAX)
		jobs = READ_RANGES_MAX;
	size_t per = size / (size_t)jobs;
	for (int k = 0; k < jobs; k++) {
		size_t at = per * (size_t)k;
		rs[k] = (read_range){.fd = fileno(f), .to = data + at, .at = (off_t)at,
		                     .want = k == jobs - 1 ? size - at : per, .probe = probe};
	}
	for (int k = 1; k < jobs; k++)
		rs[k].threaded = pthread_create(&rs[k].thread, NULL, read_range_run, &rs[k]) == 0;
	int ok = 1;
	for (int k = 0; k < jobs; k++) {
		if (!rs[k].threaded)
			read_range_run(&rs[k]);
		else
			pthread_join(rs[k].thread, NULL);
		ok &= !rs[k].failed;
		if (probe)
			probe->seen |= rs[k].seen;
	}
	char more;
	ssize_t n;
	while ((n = pread(fileno(f), &more, 1, (off_t)size)) < 0 && errno == EINTR)
		;
	return ok && n == 0;
}

char *rl_read_file_jobs(const char *path, size_t max, int jobs, rl_read_probe *probe,
                        size_t *len, char **err)
{
	FILE *f = rl_open_regular(path, max, err);
	if (!f)
		return NULL;
	/* Read straight into a buffer of the file's size and two bytes (one to
	 * see the end, one for the NUL); the size was checked, but a file may
	 * grow while it is read, so the buffer grows with it, past max by one. */
	struct stat st;
	size_t size = fstat(fileno(f), &st) == 0 && st.st_size > 0 &&
	              (unsigned long long)st.st_size <= max ? (size_t)st.st_size : 0;
	size_t cap = size + 2, got = 0, n;
	char *data = rl_xmalloc_large(cap);
	if (probe)
		probe->seen = 0;
	if (jobs > 1 && size >= READ_RANGES_MIN && read_ranges(f, data, size, jobs, probe)) {
		got = size;
	} else {
		while (got <= max) {
			if (got + 1 == cap) {   /* got <= max: it grows */
				cap = cap * 2 < max + 2 ? cap * 2 : max + 2;
				data = rl_xrealloc(data, cap, 1);
			}
			if ((n = fread(data + got, 1, cap - 1 - got, f)) == 0)
				break;
			got += n;
		}
		if (probe && got <= max)
			probe->seen = rl_read_probe_bytes(probe, data, got);
	}
	data[got] = '\0';
	int bad = ferror(f);
	fclose(f);
	if (got > max) {
		free(data);
		rl_seterr(err, "%s:0: expected a file of at most %zu MiB, found it growing "
		          "past that", path, max >> 20);
		return NULL;
	}
	if (bad) {
		free(data);
		rl_seterr(err, "%s:0: expected a readable file, found a read error", path);
		return NULL;
	}
	if (len)
		*len = got;
	return data;
}

/* --- intern pool: open addressing over rl_hash_bytes ---------------------- */

struct rl_pool {
	char **slots;
	size_t cap, count;
};

uint64_t rl_hash_bytes(const void *data, size_t n)
{
	const char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15u ^ n, w;
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)p[i] << (8 * i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 29);
}

rl_pool *rl_pool_new(void)
{
	rl_pool *p = rl_xcalloc(1, sizeof *p);
	p->cap = 64;
	p->slots = rl_xcalloc(p->cap, sizeof *p->slots);
	return p;
}

void rl_pool_free(rl_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->cap; i++)
		free(p->slots[i]);
	free(p->slots);
	free(p);
}

static size_t probe(char *const *slots, size_t cap, const char *s, size_t n)
{
	size_t i = (size_t)rl_hash_bytes(s, n) & (cap - 1);
	while (slots[i] && !(strncmp(slots[i], s, n) == 0 && slots[i][n] == '\0'))
		i = (i + 1) & (cap - 1);
	return i;
}

const char *rl_pool_find(const rl_pool *p, const char *s, size_t n)
{
	return p->slots[probe(p->slots, p->cap, s, n)];
}

const char *rl_pool_intern(rl_pool *p, const char *s, size_t n)
{
	size_t i = probe(p->slots, p->cap, s, n);
	if (p->slots[i])
		return p->slots[i];
	if ((p->count + 1) * 2 > p->cap) {
		size_t cap = p->cap * 2;
		char **slots = rl_xcalloc(cap, sizeof *slots);
		for (size_t k = 0; k < p->cap; k++)
			if (p->slots[k])
				slots[probe(slots, cap, p->slots[k],
				            strlen(p->slots[k]))] = p->slots[k];
		free(p->slots);
		p->slots = slots;
		p->cap = cap;
		i = probe(p->slots, p->cap, s, n);
	}
	p->slots[i] = rl_xstrndup(s, n);
	p->count++;
	return p->slots[i];
}

/* --- dates: the proleptic Gregorian calendar --------------------------- */

static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int is_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int rl_date_parse(const char *s, int32_t *days)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !is_digits(s, 4) ||
	    !is_digits(s + 5, 2) || !is_digits(s + 8, 2))
		return -1;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return -1;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

void rl_date_format(int32_t z, char out[11])
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	unsigned uy = (unsigned)(y < 0 ? 0 : y % 10000);
	unsigned um = (unsigned)m % 13u, ud = (unsigned)d % 32u;
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + um / 10);
	out[6] = (char)('0' + um % 10);
	out[7] = '-';
	out[8] = (char)('0' + ud / 10);
	out[9] = (char)('0' + ud % 10);
	out[10] = '\0';
}

size_t rl_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return (size_t)-1;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *rl_nearest(const char *name, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		size_t d = rl_edit_distance(name, names[i]);
		if (!best || d < bestd)
			bestd = d, best = names[i];
	}
	return best;
}

void rl_format_number(double x, char out[32])
{
	if (isnan(x) || isinf(x)) {
		strcpy(out, "null");
		return;
	}
	if (x == 0) {
		strcpy(out, "0");
		return;
	}
	if (x == floor(x) && fabs(x) < 1e17) {
		snprintf(out, 32, "%.0f", x);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, 32, "%.*g", prec, x);
		if (strtod(out, NULL) == x)
			return;
	}
}

/* --- JSON string literals ------------------------------------------- */

/* The length of the valid UTF-8 sequence at p (not ASCII), or 0. */
static size_t utf8_length(const unsigned char *p)
{
	size_t n;
	unsigned cp;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1fu;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0fu;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07u;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void rl_json_string(rl_buf *b, const char *s)
{
	if (!s) {
		rl_buf_puts(b, "null");
		return;
	}
	rl_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': rl_buf_puts(b, "\\\""); break;
		case '\\': rl_buf_puts(b, "\\\\"); break;
		case '\n': rl_buf_puts(b, "\\n"); break;
		case '\r': rl_buf_puts(b, "\\r"); break;
		case '\t': rl_buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				rl_buf_printf(b, "\\u%04x", *p);
			} else if (*p < 0x80) {
				rl_buf_putc(b, (char)*p);
			} else {
				/* Valid UTF-8 is copied; each byte of an invalid sequence
				 * becomes U+FFFD, so the output is always valid JSON text. */
				size_t n = utf8_length(p);
				if (n) {
					rl_buf_add(b, (const char *)p, n);
					p += n - 1;
				} else {
					rl_buf_puts(b, "\xef\xbf\xbd");
				}
			}
		}
	}
	rl_buf_putc(b, '"');
}
