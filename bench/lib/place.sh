# Sourced by the bench scripts: place <n> sends order number n, with the same idempotency key and body on every
# attempt, as a storefront retrying does. Needs BASE, KEY, RUN and ID_PREFIX (exported, for subshells). Prints the
# answer's body, then its Retry-After (empty when it has none) and its status: '... 30 409', '...  201'.
place() {
  local n=$1 sku
  case $((n % 3)) in 0) sku=TSHIRT-BLACK-M ;; 1) sku=MUG-LOGO ;; *) sku=SOCKS-3PACK ;; esac
  curl -s -w ' %header{retry-after} %{http_code}\n' -X POST "$BASE/api/v1/orders" -H "X-Api-Key: $KEY" \
    -H "Idempotency-Key: $ID_PREFIX-$RUN-$n" -H 'Content-Type: application/json' --max-time 20 -d "{
      \"externalOrderId\":\"$ID_PREFIX-$RUN-$n\",\"currency\":\"EUR\",
      \"customer\":{\"name\":\"Ana Example\",\"email\":\"ana@example.org\"},
      \"shipTo\":{\"name\":\"Ana Example\",\"line1\":\"Hauptstr. 1\",\"city\":\"Berlin\",\"postalCode\":\"10115\",
                 \"country\":\"DE\",\"latitude\":52.52,\"longitude\":13.40},
      \"lines\":[{\"lineId\":\"L1\",\"sku\":\"$sku\",\"quantity\":1,\"unitPrice\":9.90}]}" || echo ' 000'
  echo
}
export -f place
