/* error.c - the status-code table (generated from NF_ERROR_TABLE) and error helpers. */
#include "base.h"

#include <stdio.h>

const char *nf_version(void)
{
	return NF_VERSION_STRING;
}

const char *nf_strerror(int code)
{
	switch (code) {
#define NF_X_CASE(name, value, msg, reason)                                                        \
	case value:                                                                                \
		return msg;
		NF_ERROR_TABLE(NF_X_CASE)
#undef NF_X_CASE
	}
	return "unknown error";
}

const char *nf_errname(int code)
{
	switch (code) {
#define NF_X_CASE(name, value, msg, reason)                                                        \
	case value:                                                                                \
		return #name;
		NF_ERROR_TABLE(NF_X_CASE)
#undef NF_X_CASE
	}
	return "NF_E?";
}

const char *nf_errreason(int code)
{
	switch (code) {
#define NF_X_CASE(name, value, msg, reason)                                                        \
	case value:                                                                                \
		return reason;
		NF_ERROR_TABLE(NF_X_CASE)
#undef NF_X_CASE
	}
	return "unknown";
}

void nf_fmt(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	if (cap == 0)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
	if (n < 0)
		dst[0] = '\0';
}

void nf_error_set(nf_error *e, int code, const char *file, uint64_t line, uint64_t offset,
		  const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return;
	e->code = code;
	e->file = file ? file : "";
	e->line = line;
	e->offset = offset;
	va_start(ap, fmt);
	int n = vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	if (n < 0)
		e->message[0] = '\0';
	/* messages are one line */
	for (char *p = e->message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}
