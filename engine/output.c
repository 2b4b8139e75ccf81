/* output.c - outputs written beside their target and renamed into place
 * (see output.h). */
#define _GNU_SOURCE 1   /* sync_file_range, where the system has it */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

void rl_out_writeback(FILE *f, long long *from)
{
#ifdef SYNC_FILE_RANGE_WRITE
	if (fflush(f) != 0)
		return;         /* the stream's error flag says why, at its close */
	off_t at = ftello(f);
	if (at > *from) {
		sync_file_range(fileno(f), (off_t)*from, at - (off_t)*from, SYNC_FILE_RANGE_WRITE);
		*from = (long long)at;
	}
#else
	(void)f;
	(void)from;
#endif
}

char *rl_out_error(const char *path, int errnum)
{
	return rl_fmt("%s:0: expected to write the output, found %s", path,
	              errnum ? strerror(errnum) : "a write error");
}

/* The mode a new file gets from fopen: 0666 less the umask. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
}

int rl_out_open(rl_out *o, const char *path, char **err)
{
	memset(o, 0, sizeof *o);
	struct stat lst, st;
	int exists = lstat(path, &lst) == 0;
	if (exists && S_ISLNK(lst.st_mode)) {
		if (stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
			rl_seterr(err, "%s:0: expected a regular file or a new name to write, found "
			          "a symbolic link (give its target instead)", path);
			return -1;
		}
		lst = st;
	}
	if (exists && (S_ISCHR(lst.st_mode) || S_ISFIFO(lst.st_mode))) {
		/* Nothing to replace: write straight (a FIFO waits for a reader). */
		o->f = fopen(path, "w");
		if (!o->f) {
			rl_seterr(err, "%s:0: expected a writable output, found %s", path,
			          strerror(errno));
			return -1;
		}
		o->path = rl_xstrdup(path);
		return 0;
	}
	if (exists && !S_ISREG(lst.st_mode)) {
		rl_seterr(err, "%s:0: expected a regular file or a new name to write, found %s",
		          path, S_ISDIR(lst.st_mode) ? "a directory" : "a special file");
		return -1;
	}
	o->tmp = rl_fmt("%s.tmpXXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		rl_seterr(err, "%s:0: expected a writable output file, found it cannot be "
		          "created (%s)", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	/* The target's mode when it exists, else what fopen would give. */
	if (fchmod(fd, exists ? (lst.st_mode & 07777) : new_file_mode()) != 0 ||
	    !(o->f = fdopen(fd, "w"))) {
		rl_seterr(err, "%s:0: expected a writable output file, found %s", path,
		          strerror(errno));
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	o->path = rl_xstrdup(path);
	return 0;
}

int rl_out_reserve(rl_out *o, const char *path, const char *what, char **err)
{
	memset(o, 0, sizeof *o);
	struct stat lst;
	if (lstat(path, &lst) == 0 && !S_ISREG(lst.st_mode)) {
		rl_seterr(err, "%s:0: expected a regular file or a new name for the %s, found %s",
		          path, what, S_ISLNK(lst.st_mode)
		          ? "a symbolic link (give its target instead)" : "a special file");
		return -1;
	}
	o->tmp = rl_fmt("%s.tmpXXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		rl_seterr(err, "%s:0: expected a writable %s, found %s", path, what,
		          strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	close(fd);
	o->path = rl_xstrdup(path);
	return 0;
}

int rl_out_close(rl_out *o, int ok, char **err)
{
	int rc = 0;
	if (o->f) {
		int bad = 0, why = 0;
		if (ok) {
			if (fflush(o->f) != 0 || ferror(o->f))
				bad = 1, why = errno;
			else if (o->tmp && fsync(fileno(o->f)) != 0 && errno != EINVAL)
				bad = 1, why = errno;
		}
		if (fclose(o->f) != 0 && ok && !bad)
			bad = 1, why = errno;
		o->f = NULL;
		if (ok && !bad && o->tmp && rename(o->tmp, o->path) != 0)
			bad = 1, why = errno;
		if (bad) {
			rl_seterr_take(err, rl_out_error(o->path, why));
			rc = -1;
		}
		if (o->tmp && (!ok || bad))
			unlink(o->tmp);
	} else if (o->tmp) {
		/* Reserved: the writer that filled it by name has closed it. */
		if (ok && rename(o->tmp, o->path) != 0) {
			rl_seterr_take(err, rl_out_error(o->path, errno));
			rc = -1;
		}
		if (!ok || rc)
			unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return rc;
}
