# Generates n results in the JSON form of DESIGN.md §2, one per line (see bench/store.sh for the layout).
# Usage: awk -v n=1000000 [-v first=0] -f bench/lib/results.awk   (first: index of the first result; ids follow from it)
BEGIN {
  split("upload stat checksum read delete stat_deleted", ops, " ")
  for (i = first + 0; i < first + n; i++) {
    t = i * 100; ms = t % 1000; s = int(t / 1000); d = int(s / 86400); s -= d * 86400
    ts = sprintf("2026-%02d-%02dT%02d:%02d:%02d.%03dZ", 1 + int(d / 28), 1 + d % 28, int(s / 3600), int(s % 3600 / 60), s % 60, ms)
    r = i % 100
    if (i % 10 == 9) {
      target = sprintf("\"src_rse\":\"RSE-%d\",\"dst_rse\":\"RSE-%d\",\"src_site\":\"SITE-%d\",\"dst_site\":\"SITE-%d\",\"protocol\":\"https\",\"tpc_mode\":\"http-pull\"", r, (r + 1) % 100, r, (r + 1) % 100)
      op = "tpc"
    } else {
      target = sprintf("\"rse\":\"RSE-%d\",\"site\":\"SITE-%d\",\"protocol\":\"root\"", r, r)
      op = ops[i % 6 + 1]
    }
    stamp = 1767225600000 + t  # printf %x of mawk stops at 2^32: the 48-bit stamp goes in two parts
    id = sprintf("%04x%08x7%03x%08x%08x", int(stamp / 4294967296), stamp % 4294967296, i % 4096, i * 2654435761 % 4294967296, i * 2246822519 % 4294967296)
    printf "{\"id\":\"%s\",\"run_id\":\"bench-%d\",\"kind\":\"scheduled\",\"operation\":\"%s\",%s,\"size_bytes\":1048576,\"started_at\":\"%s\",\"duration_seconds\":0.25,\"phases\":{\"connect\":0.001,\"open\":0.002,\"transfer\":0.2},\"bytes\":1048576,\"throughput_bytes_per_second\":4194304,\"status\":\"OK\",\"checksum_expected\":\"11e60398\",\"checksum_actual\":\"11e60398\"}\n", id, int(i / 600), op, target, ts
  }
}
