# dump_format.awk - checks one dump file against the rules of docs/FORMAT.md.
# Prints the first rule broken (file:line: rule: the offending line) and exits 1, or prints
# nothing and exits 0. The core tests run it on every dump they produce, so each test checks the
# whole format besides its own figures. Records of unknown types are skipped, as readers must.
#   awk -f dump_format.awk heapwatch.4242.000003.txt

BEGIN {
    header_count = split("pid ppid exe cmdline seq reason final time time_unix uptime interval depth " \
        "sample_rate estimated openssl live_bytes live_blocks peak_live_bytes peak_time peak_uptime " \
        "total_allocs total_frees total_alloc_bytes total_freed_bytes untracked_frees " \
        "mismatched_frees dropped_allocs openssl_live_bytes openssl_live_blocks " \
        "openssl_total_allocs rss_bytes fds sockets threads self_bytes metadata_bytes_per_block " \
        "stacks sites dump_pause_max_us", header_names, " ")
    for (i = 1; i <= header_count; i++)
        header_position[header_names[i]] = i
    split("live growth peak", ranking_names, " ")
    section = "start"
}

function broken(rule) {
    printf "%s:%d: %s: %s\n", FILENAME, FNR, rule, $0
    failed = 1
    exit 1
}

function abs(x) { return x < 0 ? -x : x }

function check_header_complete(   i) {
    for (i = 1; i <= header_count; i++)
        if (!(header_names[i] in header))
            broken("header record '" header_names[i] "' missing before the first ranking")
    if ((header["reason"] == "exit") != (header["final"] == 1))
        broken("final must be 1 exactly for reason exit")
    if (header["live_bytes"] + 0 > header["peak_live_bytes"] + 0)
        broken("live_bytes above peak_live_bytes")
    file = FILENAME
    sub(/.*\//, "", file)
    split(file, name_parts, ".")
    if (name_parts[2] != header["pid"] || name_parts[3] + 0 != header["seq"] + 0)
        broken("file name " file " does not match pid " header["pid"] " seq " header["seq"])
}

function close_stack() {
    if (stack_count > 0 && frames == 0)
        broken("stack " stack_count " of ranking " kind " has no frames")
}

function close_ranking() {
    if (kind == "")
        return
    close_stack()
    if (stack_count != shown)
        broken("ranking " kind " announces " shown " stacks but lists " stack_count)
    if (kind == "live" && !rest_seen)
        broken("the live ranking must end with a rest record")
    if (kind == "peak" && at_peak_sum > header["peak_live_bytes"] + 0)
        broken("the peak ranking holds more than peak_live_bytes")
}

/^[ \t]*(#|$)/ { next }

section == "start" {
    if ($0 != "heapwatch-dump 1")
        broken("the first line must be 'heapwatch-dump 1'")
    section = "header"
    next
}

section == "end" { broken("nothing may follow 'end'") }

section == "header" && ($1 in header_position) {
    if ($1 in header)
        broken("header record repeated")
    if (header_position[$1] < last_position)
        broken("header record out of order")
    last_position = header_position[$1]
    header[$1] = $2
    next
}

$1 == "ranking" {
    if (section == "header")
        check_header_complete()
    else if (section != "rankings")
        broken("ranking out of place")
    close_ranking()
    section = "rankings"
    ranking_count++
    if ($2 != ranking_names[ranking_count])
        broken("the rankings must be live, growth, peak, in this order")
    kind = $2; shown = $3 + 0; candidates = $4 + 0
    stack_count = 0; rest_seen = 0; previous = ""; at_peak_sum = 0
    if (shown > candidates)
        broken("more stacks shown than candidates")
    if (kind != "live" && shown > 5)
        broken("the growth and peak rankings show at most 5 stacks")
    next
}

$1 == "stack" {
    if (section != "rankings" || rest_seen)
        broken("stack record out of place")
    close_stack()
    stack_count++
    frames = 0
    if (NF < 13)
        broken("a stack record has 13 fields")
    if ($2 != stack_count)
        broken("ranks count from 1")
    if ($9 !~ /^[+-][0-9]+$/)
        broken("GROWTH_BYTES is signed")
    if ($4 + 0 > $6 + 0 || $5 + 0 > $7 + 0)
        broken("more live than ever allocated")
    if ($4 + 0 > $8 + 0)
        broken("LIVE_BYTES above the stack's PEAK_BYTES")
    if ($10 + 0 > $8 + 0)
        broken("AT_PEAK_BYTES above the stack's PEAK_BYTES")
    ranked = kind == "live" ? $4 : kind == "growth" ? $9 : $10
    ranked += 0
    if (ranked <= 0)
        broken("a stack ranked " kind " must have a positive figure there")
    if (previous != "" && ranked > previous)
        broken("ranking " kind " is not in descending order")
    previous = ranked
    share = $11
    if (sub(/%$/, "", share) != 1)
        broken("SHARE must end in %")
    total = header["live_bytes"] + 0
    if (abs(share - (total > 0 ? 100 * $4 / total : 0)) > 0.006)
        broken("SHARE is not LIVE_BYTES / live_bytes")
    if (kind == "live") { live_sum += $4; blocks_sum += $5 }
    if (kind == "peak") at_peak_sum += $10
    next
}

$1 == "frame" {
    if (section != "rankings" || stack_count == 0 || rest_seen)
        broken("frame record out of place")
    if ($2 != frames)
        broken("frame indexes count from 0")
    frames++
    if (frames > header["depth"] + 0)
        broken("more frames than depth")
    if (NF < 7)
        broken("a frame record has 7 fields")
    if ($3 !~ /^0x[0-9a-f]+$/)
        broken("ADDRESS is 0x and lowercase hex")
    if ($5 != "?" && $5 !~ /^0x[0-9a-f]+$/)
        broken("OFFSET is 0x and lowercase hex, or ?")
    next
}

$1 == "rest" {
    if (kind != "live" || rest_seen)
        broken("one rest record follows the live ranking's stacks")
    close_stack()
    rest_seen = 1
    if ($2 != candidates - shown)
        broken("rest STACKS must be CANDIDATES - SHOWN")
    if (live_sum + $3 != header["live_bytes"])
        broken("live stacks + rest hold " live_sum + $3 " bytes, the header says " header["live_bytes"])
    if (blocks_sum + $4 != header["live_blocks"])
        broken("live stacks + rest hold " blocks_sum + $4 " blocks, the header says " header["live_blocks"])
    next
}

$1 == "sites" {
    if (section != "rankings")
        broken("sites must follow the rankings")
    close_ranking()
    if (ranking_count != 3)
        broken("three rankings must precede sites")
    if ($4 != header["openssl_live_bytes"])
        broken("OPENSSL_LIVE_BYTES must equal the header's openssl_live_bytes")
    section = "sites"; sites_shown = $2 + 0; site_count = 0
    next
}

$1 == "site" {
    if (section != "sites")
        broken("site record out of place")
    site_count++
    if ($2 != site_count)
        broken("site ranks count from 1")
    next
}

$1 == "maps" {
    if (section != "sites" || site_count != sites_shown)
        broken("maps must follow the " sites_shown " announced sites")
    section = "maps"; maps_announced = $2 + 0; map_count = 0
    next
}

$1 == "map" {
    if (section != "maps")
        broken("map record out of place")
    map_count++
    if ($2 !~ /^0x[0-9a-f]+$/ || $3 !~ /^0x[0-9a-f]+$/)
        broken("map START and END are 0x and lowercase hex")
    next
}

$1 == "end" {
    if (section != "maps" || map_count != maps_announced)
        broken("end must follow the " maps_announced " announced maps")
    section = "end"
    next
}

END {
    if (failed)
        exit 1
    if (section != "end") {
        printf "%s: no 'end' record: the dump is truncated\n", FILENAME
        exit 1
    }
}
