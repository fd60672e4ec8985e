# For measuring validate's evidence and date-span rules on the synthetic data of
# gen_synthetic.py, which has neither: awk -f bench/add_evidence.awk syn-N.nt > ev-N.nt
# Adds to each synthetic statement one evidence node (its source, its quote, verbatim),
# its date as sg:dateNotBefore and sg:dateNotAfter, and sg:datePrecision sg:Day.
BEGIN { SG = "https://w3id.org/stancegraph/ns#" }
{ print }
$2 == "<" SG "source>" {
  id = $1; gsub(/[^0-9]/, "", id)
  print $1 " <" SG "evidence> _:e" id " ."
  print "_:e" id " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <" SG "Evidence> ."
  print "_:e" id " <" SG "evidenceSource> " $3 " ."
  print "_:e" id " <" SG "rendering> <" SG "Verbatim> ."
}
$2 == "<" SG "quote>" {
  id = $1; gsub(/[^0-9]/, "", id); line = $0
  sub(/^[^ ]+ [^ ]+ /, "", line)
  print "_:e" id " <" SG "evidenceQuote> " line
}
$2 == "<" SG "date>" {
  line = $0; sub(/^[^ ]+ [^ ]+ /, "", line)
  print $1 " <" SG "dateNotBefore> " line
  print $1 " <" SG "dateNotAfter> " line
  print $1 " <" SG "datePrecision> <" SG "Day> ."
}
