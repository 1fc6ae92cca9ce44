# Writes a synthetic dump series in the format of docs/FORMAT.md, for report tests that need more
# dumps than a test can afford to record (the 2000-dump scale test) or figures known in advance.
#   awk -v dir=DIR -v pid=PID -v dumps=N -v stacks=S [-v hostile=1] -f synthetic_series.awk
# One dump per second of uptime; open sockets rise by one every 20 dumps from 2. Stack 1 holds
# 16 KiB per open socket (an OpenSSL site), stack 2 grows 1000 bytes per second, stack 3 holds
# 1 MiB during the second quarter of the run only (a transient peak), every other stack k holds a
# flat 4096*k bytes. Every live stack is listed (no `rest`), so each stack's figure is known at
# every dump. With hostile=1 the program's path and stack 4's function carry HTML markup, and stack
# 5's function an escaped space (`\x20`), for the tests of what the report escapes.

function sockets_at(d) { return 2 + int(d / 20) }

function live_of(k, d) {
    if (k == 1) return 16384 * sockets_at(d)
    if (k == 2) return 1000 * d + 500
    if (k == 3) return (d >= dumps / 4 && d < dumps / 2) ? 1048576 : 0
    return 4096 * k
}

function leaf_of(k) {
    if (hostile && k == 4) return "leaf<script>alert('x')</script>&\"4\""
    if (hostile && k == 5) return "leaf\\x20five"
    return "leaf_" k
}

function frames_of(k, out) {
    printf "frame 0 0x%x %s 0x%x %s+0x19 synthetic.c:%d\n", 4096 + k * 64, exe, 4096 + k * 64, leaf_of(k), 100 + k > out
    printf "frame 1 0x%x %s 0x%x layer_%d+0x2c synthetic.c:%d\n", 8192 + k % 4 * 64, exe, 8192 + k % 4 * 64, k % 4, 200 + k % 4 > out
    printf "frame 2 0x%x %s 0x%x handler_%d+0x40 synthetic.c:%d\n", 12288 + k % 3 * 64, exe, 12288 + k % 3 * 64, k % 3, 300 + k % 3 > out
    printf "frame 3 0x4400 %s 0x4400 serve+0x60 synthetic.c:400\n", exe > out
    printf "frame 4 0x4800 %s 0x4800 main+0x44 synthetic.c:500\n", exe > out
    printf "frame 5 0x7f0000029d90 /usr/lib/x86_64-linux-gnu/libc.so.6 0x29d90 __libc_start_call_main+0x80 ?\n" > out
}

function write_dump(d,    out, k, i, j, t, n, total, blocks, order, live) {
    out = sprintf("%s/heapwatch.%d.%06d.txt", dir, pid, d)
    n = 0; total = 0
    for (k = 1; k <= stacks; k++) {
        live[k] = live_of(k, d)
        if (live[k] > 0) { order[++n] = k; total += live[k] }
    }
    for (i = 2; i <= n; i++)     # largest first, as the live ranking is ordered
        for (j = i; j > 1 && live[order[j]] > live[order[j - 1]]; j--) { t = order[j]; order[j] = order[j - 1]; order[j - 1] = t }
    blocks = n
    printf "heapwatch-dump 1\npid %d\nppid 1\nexe %s\ncmdline %s --serve\n", pid, exe, exe > out
    printf "seq %d\nreason interval\nfinal 0\n", d > out
    printf "time 2026-12-03T15:32:00.000Z\ntime_unix %.3f\nuptime %.3f\ninterval 1.000\n", 1796311920 + d, d > out
    printf "depth 32\nsample_rate 0\nestimated 0\nopenssl hooked reached\n" > out
    printf "live_bytes %d %dB\nlive_blocks %d\npeak_live_bytes %d %dB\n", total, total, blocks, total + 1048576, total > out
    printf "peak_time 2026-12-03T15:32:00.000Z\npeak_uptime %.3f\n", dumps / 4 > out
    printf "total_allocs %d\ntotal_frees 0\ntotal_alloc_bytes %d %dB\ntotal_freed_bytes 0 0B\n", blocks, total, total > out
    printf "untracked_frees 0\nmismatched_frees 0\ndropped_allocs 0\n" > out
    printf "openssl_live_bytes %d %dB\nopenssl_live_blocks 1\nopenssl_total_allocs 1\n", live[1], live[1] > out
    printf "rss_bytes %d %dB\nfds %d\nsockets %d\nthreads 2\n", 8388608 + 2 * total, 8388608, sockets_at(d) + 3, sockets_at(d) > out
    printf "self_bytes 65536 64.00KiB\nmetadata_bytes_per_block 32\nstacks %d\nsites 1\ndump_pause_max_us 10\n", stacks > out
    printf "ranking live %d %d\n", n, n > out
    for (i = 1; i <= n; i++) {
        k = order[i]
        printf "stack %d %d %d 1 %d 1 %d +0 0 %.2f%% %s %dB\n", i, k, live[k], live[k], live[k], 100 * live[k] / total,
            k == 1 ? "ssl/record/ssl3_buffer.c:88" : "-", live[k] > out
        frames_of(k, out)
    }
    printf "rest 0 0 0 0 0 0.00%% 0B\nranking growth 0 0\nranking peak 0 0\n" > out
    printf "sites 1 1 %d\nsite 1 ssl/record/ssl3_buffer.c:88 %d 1 1 100.00%% %dB\n", live[1], live[1], live[1] > out
    printf "maps 1\nmap 0x0 0x10000 0x0 %s\nend\n", exe > out
    close(out)
    printf "point %d %.3f %.3f interval %d %d %d %d %d %d 2 %d %d 0 65536\n", d, 1796311920 + d, d, total, blocks,
        total + 1048576, 8388608 + 2 * total, sockets_at(d) + 3, sockets_at(d), live[1], blocks > series
}

BEGIN {
    exe = hostile ? "/srv/bin/syn<b>&'x'" : "/srv/bin/synthetic"
    series = sprintf("%s/heapwatch.%d.series", dir, pid)
    printf "heapwatch-series 1 %d %s\n", pid, exe > series
    for (d = 0; d < dumps; d++)
        write_dump(d)
    close(series)
}
