# Per op and split: rows, MAPE and mean signed error of a measurements CSV (simserve calibrate).
BEGIN { FS = ","; print "| op | split | rows | MAPE | mean error (predicted − measured) |"; print "|---|---|---:|---:|---:|" }
NR > 1 && $4 != "" { key = $1 " | " $2; n[key]++; a[key] += ($5 < 0 ? -$5 : $5); e[key] += $5; if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
END { for (i = 1; i <= k; i++) { key = order[i]; printf "| %s | %d | %.2f %% | %+.2f %% |\n", key, n[key], a[key] / n[key], e[key] / n[key] } }
