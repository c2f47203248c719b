# Input: `predict --running` lines, slurped (jq -s). After 25/50/75/100% of each message's tokens:
# the share of messages whose running label already equals the final one, and the share where it
# also has p >= 0.9; overall and per final label (class index in the model's label_classes).
def am: . as $p | reduce range(1; $p | length) as $i (0; if $p[$i] > $p[.] then $i else . end);
def shares: {n: length,
    same_as_final: ((map(select(.same)) | length) / length),
    confident: ((map(select(.confident)) | length) / length)};
[ .[] | . as $m | ($m.label_p | am) as $final | ($m.running_label_p | length) as $n
  | [0.25, 0.5, 0.75, 1] | map(([((. * $n) | ceil), 1] | max) as $k | $m.running_label_p[$k - 1] as $p
      | {final: $final, same: (($p | am) == $final), confident: (($p | am) == $final and ($p | max) >= 0.9)}) ]
| transpose | to_entries | map({read: (["25%", "50%", "75%", "100%"][.key])} + (.value | shares)
    + {by_final: (.value | group_by(.final) | map({final: .[0].final} + shares))})
