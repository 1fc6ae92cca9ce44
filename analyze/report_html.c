/* report_html.c: escaping for the report's HTML (see report_html.h). */
#include "report_html.h"

#include <stdarg.h>

void hw_html_escape(FILE *out, const char *text)
{
    if (!text)
        text = "?";
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:
            /* Control characters are not allowed in HTML text: show that something was there. */
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                fputs("&#xfffd;", out);
            else
                fputc(*p, out);
        }
    }
}

void hw_html_printf(FILE *out, const char *fmt, ...)
{
    /* Callers format labels, chains and figures, all far shorter than this; longer text is cut. */
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    hw_html_escape(out, text);
}
