/* report_summary.c: a process's header in the report (see report_summary.h). */
#include "report_summary.h"

#include <inttypes.h>
#include <time.h>

#include "frames.h"
#include "report_headline.h"
#include "report_html.h"
#include "units.h"

/* "2026-12-03 15:32:01 UTC", as the dumps' own times but for people. */
static char *utc(double unix_seconds, char *buf, size_t size)
{
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
        snprintf(buf, size, "?");
    return buf;
}

static void command_line(FILE *out, const struct hw_dump *d)
{
    for (size_t i = 0; i < d->argc; i++) {
        if (i)
            fputc(' ', out);
        hw_html_escape(out, d->argv[i]);
    }
}

void hw_report_summary(FILE *out, const struct hw_report_proc *p)
{
    const struct hw_dump *d = p->newest;
    char line[512], from[40], to[40], span[32], peak[HW_HUMAN_SIZE];
    fprintf(out, "<header class=\"process-header\">\n<h2>pid %" PRIu64 ": ", p->proc->pid);
    hw_html_escape(out, hw_module_name(d->exe));
    fputs("</h2>\n<p class=\"headline\">", out);
    hw_html_escape(out, hw_report_headline(p, line, sizeof line));
    fputs("</p>\n<dl>\n<dt>program</dt><dd><code>", out);
    hw_html_escape(out, d->exe);
    fputs("</code></dd>\n<dt>command line</dt><dd><code>", out);
    command_line(out, d);
    fprintf(out, "</code></dd>\n<dt>pid</dt><dd>%" PRIu64 " (parent %" PRIu64 ")</dd>\n", d->pid, d->ppid);
    fprintf(out, "<dt>time</dt><dd>%s to %s (%s of uptime, from %.1f s to %.1f s)</dd>\n",
            utc(p->first_unix, from, sizeof from), utc(p->last_unix, to, sizeof to),
            hw_report_duration(p->trend.last_uptime - p->trend.first_uptime, span, sizeof span),
            p->trend.first_uptime, p->trend.last_uptime);
    fprintf(out, "<dt>dumps</dt><dd>%zu (seq %" PRIu64 " to %" PRIu64 ")%s</dd>\n", p->proc->ndumps,
            p->proc->files[0].seq, d->seq, d->final ? ", the last written at exit" : "");
    fprintf(out, "<dt>peak live heap</dt><dd>%s</dd>\n", hw_human_bytes((double)d->peak_live_bytes, peak));
    fputs("<dt>OpenSSL</dt><dd>", out);
    hw_html_printf(out, "%s: %s", d->openssl_state, d->openssl_detail ? d->openssl_detail : "");
    fputs("</dd>\n</dl>\n</header>\n", out);
}
