# bench/report.awk: turns the raw measurements of bench/run.sh into the `make bench` table and
# its summary (geometric means per mode, 2-thread vs 1-thread, heapwatch vs heaptrack, and the
# targets of issue 7). Kept apart from run.sh so a saved raw file can be reported again.
#
# Input records, one per line:
#   mode NAME                   the modes, in column order; the first one is the baseline
#   absent NAME REASON...       a mode that could not run at all (its cells print n/a)
#   run WORKLOAD THREADS MODE ROUND WALL_SECONDS PEAK_RSS_KIB STATUS
#   failure WORKLOAD THREADS MODE ROUND STATUS DETAIL...
#
# A ratio pairs a run with the baseline run of the same workload and thread count in the same
# round: the runs are interleaved, so pairing cancels most of the drift of a shared machine.

function sort_numbers(list, n,    i, j, v) {
    for (i = 2; i <= n; i++) {
        v = list[i]
        for (j = i - 1; j >= 1 && list[j] > v; j--)
            list[j + 1] = list[j]
        list[j + 1] = v
    }
}

function median(list, n) {
    sort_numbers(list, n)
    return n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2
}

function mib(kib) { return sprintf("%.1fMiB", kib / 1024) }

# Fills med_wall, med_rss, ratio_min/med/max and nratios for one cell.
function cell_stats(config, mode,    base, r, walls, rsses, ratios, nw) {
    base = config SUBSEP baseline
    nw = 0; nratios = 0
    for (r = 1; r <= rounds; r++) {
        if (!((config, mode, r) in wall))
            continue
        nw++
        walls[nw] = wall[config, mode, r]
        rsses[nw] = rss[config, mode, r]
        if ((config, baseline, r) in wall)
            ratios[++nratios] = wall[config, mode, r] / wall[config, baseline, r]
    }
    if (nw == 0)
        return 0
    med_wall = median(walls, nw)
    med_rss = median(rsses, nw)
    if (nratios) {
        ratio_med = median(ratios, nratios)
        ratio_min = ratios[1]
        ratio_max = ratios[nratios]
    }
    return nw
}

function geomean_add(key, value) { log_sum[key] += log(value); log_count[key]++ }
function geomean(key) { return log_count[key] ? exp(log_sum[key] / log_count[key]) : 0 }
function geomean_text(key) {
    return log_count[key] ? sprintf("%.2f (n=%d)", geomean(key), log_count[key]) : "n/a"
}

function verdict(ok) { return ok ? "met" : "NOT met" }

$1 == "mode" {
    modes[++nmodes] = $2
    if (nmodes == 1)
        baseline = $2
}
$1 == "absent" {
    reason = $3
    for (i = 4; i <= NF; i++)
        reason = reason " " $i
    absent[$2] = reason
}
$1 == "run" {
    config = $2 SUBSEP $3
    if (!(config in known)) {
        known[config] = 1
        configs[++nconfigs] = config
        if (!($2 in known_workload)) {
            known_workload[$2] = 1
            workloads[++nworkloads] = $2
        }
    }
    tried[config, $4]++
    if ($5 > rounds)
        rounds = $5
    if ($8 == "ok") {
        wall[config, $4, $5] = $6
        rss[config, $4, $5] = $7
    } else {
        failed[config, $4]++
        failed_status[config, $4] = $8
    }
}
$1 == "failure" {
    detail = ""
    for (i = 7; i <= NF; i++)
        detail = detail " " $i
    failures[++nfailures] = sprintf("  %s/%s %s round %s: %s%s", $2, $3, $4, $5, $6, detail)
}

END {
    printf "heapwatch bench: %d round(s), modes interleaved within each round\n", rounds
    print "ratio = wall time / plain wall time of the same round (min/median/max over rounds)"
    print "peak_rss = median over rounds of the largest resident set among the run's processes"
    print "           (for heaptrack that is usually its interpreter, not the program)"
    print ""
    printf "%-18s %3s %-11s %9s %20s %10s %9s  %s\n", "workload", "thr", "mode", "median_s",
           "ratio min/med/max", "peak_rss", "rss_ratio", "notes"
    for (c = 1; c <= nconfigs; c++) {
        config = configs[c]
        split(config, part, SUBSEP)
        cell_stats(config, baseline)
        base_rss = med_rss
        for (m = 1; m <= nmodes; m++) {
            mode = modes[m]
            printf "%-18s %3s %-11s ", part[1], part[2], mode
            if (mode in absent) {
                printf "%9s %20s %10s %9s  %s\n", "n/a", "n/a", "n/a", "n/a", absent[mode]
                continue
            }
            nw = cell_stats(config, mode)
            note = failed[config, mode] ? sprintf("%d/%d FAILED (%s)", failed[config, mode],
                   tried[config, mode], failed_status[config, mode]) : ""
            if (nw == 0) {
                printf "%9s %20s %10s %9s  %s\n", "-", "-", "-", "-", note
                continue
            }
            ratio_text = nratios ? sprintf("%.2f/%.2f/%.2f", ratio_min, ratio_med, ratio_max) : "-"
            rss_ratio = base_rss ? sprintf("%.2f", med_rss / base_rss) : "-"
            printf "%9.3f %20s %10s %9s  %s\n", med_wall, ratio_text, mib(med_rss), rss_ratio, note
            if (nratios && mode != baseline) {
                median_ratio[config, mode] = ratio_med
                geomean_add(mode, ratio_med)
                geomean_add(mode SUBSEP part[2], ratio_med)
                if (base_rss)
                    geomean_add(mode SUBSEP "rss", med_rss / base_rss)
            }
        }
    }

    print ""
    print "geometric mean of the median ratios, per mode"
    printf "  %-11s %14s %14s %14s %14s\n", "mode", "all", "1 thread", "2 threads", "peak rss"
    for (m = 2; m <= nmodes; m++) {
        mode = modes[m]
        printf "  %-11s %14s %14s %14s %14s\n", mode, geomean_text(mode), geomean_text(mode SUBSEP 1),
               geomean_text(mode SUBSEP 2), geomean_text(mode SUBSEP "rss")
    }

    print ""
    print "2-thread ratio / 1-thread ratio, per workload (1.00: threads cost the profiler nothing extra)"
    printf "  %-18s", "workload"
    for (m = 2; m <= nmodes; m++)
        printf " %12s", modes[m]
    printf "\n"
    for (w = 1; w <= nworkloads; w++) {
        printf "  %-18s", workloads[w]
        for (m = 2; m <= nmodes; m++) {
            one = workloads[w] SUBSEP 1 SUBSEP modes[m]
            two = workloads[w] SUBSEP 2 SUBSEP modes[m]
            if ((one in median_ratio) && (two in median_ratio)) {
                scaling = median_ratio[two] / median_ratio[one]
                geomean_add("scaling" SUBSEP modes[m], scaling)
                printf " %12.2f", scaling
            } else
                printf " %12s", "n/a"
        }
        printf "\n"
    }
    printf "  %-18s", "geometric mean"
    for (m = 2; m <= nmodes; m++)
        printf " %12s", log_count["scaling" SUBSEP modes[m]] ? sprintf("%.2f", geomean("scaling" SUBSEP modes[m])) : "n/a"
    printf "\n"

    # heapwatch full against heaptrack, over the cells where both have a ratio.
    for (c = 1; c <= nconfigs; c++) {
        full = configs[c] SUBSEP "hw-full"
        ht = configs[c] SUBSEP "heaptrack"
        if ((full in median_ratio) && (ht in median_ratio)) {
            geomean_add("common-full", median_ratio[full])
            geomean_add("common-heaptrack", median_ratio[ht])
        }
    }
    print ""
    if (log_count["common-full"] && geomean("common-heaptrack") > 1) {
        g_full = geomean("common-full"); g_ht = geomean("common-heaptrack")
        share = (g_full - 1) / (g_ht - 1)
        printf "hw-full overhead as a fraction of heaptrack's: %.3f  (geomean ratios over %d common cells: hw-full %.2f, heaptrack %.2f)\n",
               share, log_count["common-full"], g_full, g_ht
    } else
        print "hw-full overhead as a fraction of heaptrack's: n/a (no cell where both ran)"

    print ""
    print "issue 7 targets"
    if (log_count["hw-full"])
        printf "  hw-full geomean <= 2.50x plain: %.2f, %s\n", geomean("hw-full"), verdict(geomean("hw-full") <= 2.5)
    if (log_count["common-full"] && geomean("common-heaptrack") > 1)
        printf "  hw-full overhead <= 1/4 of heaptrack's: %.3f, %s\n", share, verdict(share <= 0.25)
    if (log_count["hw-sample"])
        printf "  hw-sample geomean <= 1.10x plain: %.2f, %s\n", geomean("hw-sample"), verdict(geomean("hw-sample") <= 1.1)
    for (m = 2; m <= nmodes; m++) {
        key = "scaling" SUBSEP modes[m]
        if (modes[m] ~ /^hw-/ && log_count[key])
            printf "  %s 2-thread ratio within 20%% of 1-thread: %.2f, %s\n", modes[m], geomean(key),
                   verdict(geomean(key) <= 1.2)
    }
    if (!log_count["hw-full"] && !log_count["hw-sample"])
        print "  not measured: no heapwatch results"

    if (nfailures) {
        print ""
        printf "failures (%d)\n", nfailures
        for (i = 1; i <= nfailures; i++)
            print failures[i]
    }
}
