/* report_palette.c: suspect colours (see report_palette.h), distinct from the process lines'. */
#include "report_palette.h"

const char *hw_report_stack_color(size_t index)
{
    static const char *const colors[] = {
        "#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b",
        "#e377c2", "#bcbd22", "#17becf", "#393b79", "#ad494a",
    };
    return colors[index % (sizeof colors / sizeof colors[0])];
}
