"""Self-test for the catalog generator: python3 -m unittest discover tools/gen_catalog"""

import contextlib
import io
import sys
import tempfile
import tomllib
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_catalog as g  # noqa: E402


def resolve(provider: str, upstream: str, mode: str = "chat") -> str | None:
    c = g.Candidate(key=upstream, litellm_provider="", provider=provider, upstream=upstream, mode=mode, entry={})
    return g.resolve(c, g.Report())


class PriceConversion(unittest.TestCase):
    def test_rounds_once_to_twelve_significant_digits(self):
        self.assertEqual(g.usd_per_mtok(3.0001999999999996e-07), "0.30002")
        self.assertEqual(g.usd_per_mtok(2.9999900000000002e-06), "2.99999")
        self.assertEqual(g.usd_per_mtok(1.5000020000000002e-05), "15.00002")
        self.assertEqual(str(g.round12(3.0001999999999996e-07)), "3.0002E-7")

    def test_plain_decimal_strings(self):
        self.assertEqual(g.usd_per_mtok(1.5e-07), "0.15")
        self.assertEqual(g.usd_per_mtok(6e-07), "0.6")
        self.assertEqual(g.usd_per_mtok(3e-05), "30")
        self.assertEqual(g.usd_per_mtok(0.00015), "150")
        self.assertEqual(g.usd_per_mtok(1e-12), "0.000001")
        self.assertEqual(g.usd_per_mtok(0), "0")
        self.assertEqual(g.usd_amount(0.0032), "0.0032")
        self.assertEqual(g.usd_amount(4e-05), "0.00004")

    def test_sub_picodollar_prices_fail(self):
        with self.assertRaises(g.PriceError):
            g.usd_per_mtok(1.5e-13)
        with self.assertRaises(g.PriceError):
            g.usd_amount(1.234e-13)

    def test_rejects_non_numbers_and_negatives(self):
        for bad in (None, "0.1", True, -1e-07, float("nan")):
            with self.assertRaises(g.PriceError):
                g.round12(bad)


class Aliases(unittest.TestCase):
    def test_llama_33_70b_unified_across_hosts(self):
        want = "meta-llama/llama-3.3-70b-instruct"
        for provider, upstream in [
            ("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo"),
            ("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo-Free"),
            ("groq", "llama-3.3-70b-versatile"),
            ("fireworks", "accounts/fireworks/models/llama-v3p3-70b-instruct"),
            ("deepinfra", "meta-llama/Llama-3.3-70B-Instruct"),
            ("nebius", "meta-llama/Llama-3.3-70B-Instruct"),
            ("cerebras", "llama-3.3-70b"),
            ("sambanova", "Meta-Llama-3.3-70B-Instruct"),
            ("amazon-bedrock", "us.meta.llama3-3-70b-instruct-v1:0"),
            ("ovhcloud", "Meta-Llama-3_3-70B-Instruct"),
            ("lambda", "llama3.3-70b-instruct-fp8"),
            ("cloudflare", "@cf/meta/llama-3.3-70b-instruct-fp8-fast"),
            ("databricks", "databricks-meta-llama-3-3-70b-instruct"),
        ]:
            with self.subTest(provider=provider, upstream=upstream):
                self.assertEqual(resolve(provider, upstream), want)

    def test_version_separators_are_not_confused_with_sizes(self):
        self.assertEqual(resolve("deepinfra", "meta-llama/Meta-Llama-3-8B-Instruct"), "meta-llama/llama-3-8b-instruct")
        self.assertEqual(resolve("amazon-bedrock", "meta.llama3-1-8b-instruct-v1:0"), "meta-llama/llama-3.1-8b-instruct")
        self.assertEqual(resolve("fireworks", "accounts/fireworks/models/qwen2p5-coder-32b-instruct"),
                         "qwen/qwen-2.5-coder-32b-instruct")

    def test_first_party_names(self):
        self.assertEqual(resolve("openai", "gpt-4o-mini"), "openai/gpt-4o-mini")
        self.assertEqual(resolve("anthropic", "claude-sonnet-4-5-20250929"), "anthropic/claude-sonnet-4.5")
        self.assertEqual(resolve("anthropic", "claude-3-7-sonnet-20250219"), "anthropic/claude-3.7-sonnet")
        self.assertEqual(resolve("google-ai-studio", "gemini-2.5-flash"), "google/gemini-2.5-flash")
        self.assertEqual(resolve("xai", "grok-4-1-fast"), "x-ai/grok-4.1-fast")
        self.assertEqual(resolve("mistral", "mistral-large-2411"), "mistralai/mistral-large-2411")

    def test_hosted_copies_of_closed_models(self):
        self.assertEqual(resolve("google-vertex", "claude-3-5-sonnet@20240620"), "anthropic/claude-3.5-sonnet-20240620")
        self.assertEqual(resolve("google-vertex", "claude-sonnet-4@20250514"), "anthropic/claude-sonnet-4")
        self.assertEqual(resolve("amazon-bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
                         "anthropic/claude-sonnet-4.5")
        self.assertEqual(resolve("azure", "gpt-35-turbo"), "openai/gpt-3.5-turbo")

    def test_open_models(self):
        self.assertEqual(resolve("fireworks", "accounts/fireworks/models/kimi-k2p5"), "moonshotai/kimi-k2.5")
        self.assertEqual(resolve("together", "deepseek-ai/DeepSeek-V3"), "deepseek/deepseek-chat")
        self.assertEqual(resolve("novita", "deepseek/deepseek-v3-0324"), "deepseek/deepseek-chat-v3-0324")
        self.assertEqual(resolve("cerebras", "zai-glm-4.7"), "z-ai/glm-4.7")
        self.assertEqual(resolve("amazon-bedrock", "openai.gpt-oss-120b-1:0"), "openai/gpt-oss-120b")
        self.assertEqual(resolve("deepinfra", "Qwen/Qwen2.5-72B-Instruct"), "qwen/qwen-2.5-72b-instruct")

    def test_explicit_overrides_win(self):
        # DeepSeek's own "deepseek-chat" is a moving alias served by V3.2 at this snapshot's price.
        self.assertEqual(resolve("deepseek", "deepseek-chat"), "deepseek/deepseek-v3.2")

    def test_names(self):
        self.assertEqual(g.model_name("meta-llama/llama-3.3-70b-instruct"), "Meta: Llama 3.3 70B Instruct")
        self.assertEqual(g.model_name("openai/gpt-4o-mini"), "OpenAI: GPT-4o-mini")
        self.assertEqual(g.model_name("qwen/qwen3-235b-a22b"), "Qwen: Qwen3 235B A22B")
        self.assertEqual(g.model_name("anthropic/claude-sonnet-4.5"), "Anthropic: Claude Sonnet 4.5")


@unittest.skipUnless(g.DEFAULT_INPUT.resolve().exists(), "reference price table not available")
class FullRun(unittest.TestCase):
    """Regenerates the catalog into a temporary file and checks it against the committed one."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = Path(cls.tmp.name) / "catalog_data.toml"
        with contextlib.redirect_stdout(io.StringIO()):
            cls.rc = g.main([str(g.DEFAULT_INPUT), "--output", str(cls.out)])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_generates_and_matches_committed_file(self):
        self.assertEqual(self.rc, 0)
        committed = g.DEFAULT_OUTPUT
        if committed.exists():
            self.assertEqual(self.out.read_bytes(), committed.read_bytes(),
                             "src/routing/catalog_data.toml is stale: run python3 tools/gen_catalog/gen_catalog.py")

    def test_catalog_shape(self):
        doc = tomllib.loads(self.out.read_text(encoding="utf-8"))
        endpoints = doc["endpoints"]
        providers = {p["id"] for p in doc["providers"]}
        models = {e["model"] for e in endpoints}
        self.assertGreaterEqual(len(models), 300)
        self.assertGreaterEqual(len({e["provider"] for e in endpoints}), 25)
        keys = [(e["model"], e["provider"], e.get("free", False)) for e in endpoints]
        self.assertEqual(len(keys), len(set(keys)))
        self.assertEqual(keys, sorted(keys))
        for e in endpoints + doc.get("embedding_endpoints", []):
            self.assertIn(e["provider"], providers)
            self.assertRegex(e["model"], r"^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$")
            self.assertRegex(e["prompt_usd_per_mtok"], r"^\d+(\.\d{1,6})?$")
        llama = [e for e in endpoints if e["model"] == "meta-llama/llama-3.3-70b-instruct"]
        self.assertGreaterEqual(len({e["provider"] for e in llama}), 5)
        mini = {e["provider"]: e for e in endpoints if e["model"] == "openai/gpt-4o-mini"}
        self.assertEqual(mini["openai"]["prompt_usd_per_mtok"], "0.15")
        self.assertEqual(mini["openai"]["completion_usd_per_mtok"], "0.6")

    def test_every_skipped_provider_is_documented(self):
        doc = g.REPO_ROOT / "docs" / "catalog.md"
        if not doc.exists():
            self.skipTest("docs/catalog.md missing")
        text = doc.read_text(encoding="utf-8")
        for name in g.SKIPPED_LITELLM_PROVIDERS:
            self.assertIn(f"`{name}`", text)


if __name__ == "__main__":
    unittest.main()
