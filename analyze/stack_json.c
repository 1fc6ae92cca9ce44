/* stack_json.c: a stack's identity as JSON members (see stack_json.h). */
#include "stack_json.h"

#include "frames.h"

void hw_json_stack_fields(struct hw_json *j, const struct hw_stack *s)
{
    char label[HW_LABEL_SIZE];
    size_t own = hw_first_own_frame(s);
    hw_json_u64(j, "id", s->id);
    hw_json_string(j, "site", s->site);
    hw_json_string(j, "function", s->nframes ? hw_frame_label(&s->frames[own], label, sizeof label) : NULL);
    hw_json_string(j, "module", s->nframes ? hw_module_name(s->frames[own].module) : NULL);
    hw_json_array(j, "frames");
    for (size_t i = own; i < s->nframes; i++)
        hw_json_string(j, NULL, hw_frame_label(&s->frames[i], label, sizeof label));
    hw_json_end(j);
}
