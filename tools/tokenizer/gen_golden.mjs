// Generates tests/unit/tokenizer/golden.json: texts and the token ids that js-tiktoken itself
// produces for them in cl100k_base and o200k_base. The C++ tokenizer must reproduce every id.
// Run once, and again only when the corpus or the js-tiktoken version changes:
//
//   node tools/tokenizer/gen_golden.mjs tests/unit/tokenizer/golden.json
//
// Texts are encoded as ordinary text (special-token strings such as "<|endoftext|>" are not
// special), which is how the gateway counts user content.

import { readFileSync, writeFileSync } from "node:fs";
import { Tiktoken } from "js-tiktoken/lite";
import cl100k_base from "js-tiktoken/ranks/cl100k_base";
import o200k_base from "js-tiktoken/ranks/o200k_base";

const out = process.argv[2];
if (!out) {
    console.error("usage: node gen_golden.mjs OUTPUT.json");
    process.exit(2);
}

const version = JSON.parse(
    readFileSync(new URL("node_modules/js-tiktoken/package.json", import.meta.url), "utf8")).version;
const encoders = { cl100k_base: new Tiktoken(cl100k_base), o200k_base: new Tiktoken(o200k_base) };

const cases = [];
function Add(name, text) {
    cases.push({ name, text });
}

// ASCII prose.
Add("empty", "");
Add("single letter", "a");
Add("single space", " ");
Add("hello world", "Hello, world!");
Add("sentence", "The quick brown fox jumps over the lazy dog.");
Add("paragraph",
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the " +
    "age of foolishness, it was the epoch of belief, it was the epoch of incredulity.");
Add("two paragraphs", "First paragraph here.\n\nSecond paragraph, with more words; and a clause.");
Add("question", "What is the capital of France? Answer in one word.");
Add("allcaps", "THIS IS ALL CAPS TEXT WITH SOME NUMBERS 123");
Add("camel and pascal", "camelCaseWord PascalCase XMLHttpRequest iPhone HTTPServer getURLForID");
Add("acronyms", "NASA, U.S.A., e.g., i.e., etc., Ph.D., a.m./p.m.");
Add("markdown", "# Title\n\n- item one\n- item **two**\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
Add("leading spaces", "   leading spaces");
Add("trailing spaces", "trailing spaces   ");
Add("mixed case words", "tHiS iS mIxEd CaSe");
Add("single quotes", "'single' and \"double\" quotes");
Add("prompt style", "You are a helpful assistant. Reply in JSON with keys \"answer\" and \"confidence\".");

// Code.
Add("cpp code",
    "#include <vector>\n\nint main(int argc, char** argv) {\n    std::vector<int> v{1, 2, 3};\n" +
    "    for (auto& x : v) { x *= 2; }\n    return v.size() > 2 ? 0 : 1;\n}\n");
Add("python code",
    "def fib(n: int) -> int:\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n    a, b = 0, 1\n" +
    "    for _ in range(n):\n        a, b = b, a + b\n    return a\n\nprint(fib(10))  # 55\n");
Add("javascript code", "const f = async (x) => { await sleep(10); return x?.y ?? [x, ...rest]; };");
Add("json", "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":1}");
Add("pretty json", "{\n  \"a\": [1, 2, 3],\n  \"b\": {\"c\": null, \"d\": true}\n}\n");
Add("html", "<div class=\"x\"><a href=\"/path?q=1&amp;r=2\">Link</a></div>");
Add("shell", "$ ls -la /tmp | grep -v '^d' && echo \"done\" > /dev/null 2>&1");
Add("regex", "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+)@(?:[a-z0-9-]+\\.)+[a-z]{2,}$");
Add("sql", "SELECT id, name FROM users WHERE created_at >= '2024-01-01' ORDER BY id DESC LIMIT 10;");
Add("tabs indented", "\tif (x) {\n\t\treturn y;\n\t}\n");
Add("rust code", "fn main() -> Result<(), Box<dyn Error>> { let s: &str = \"x\"; Ok(()) }");
Add("url", "https://example.com/a/b/c?x=1&y=two#frag");
Add("path slashes", "src/tokenizer/tokenizer.cpp // and a/b/c/ and ///triple and a//b");
Add("punct then slash newline", "foo(/\n/\r\n)//\n");

// Contractions.
Add("dont", "don't");
Add("I'LL", "I'LL");
Add("contractions lower", "I'm sure you're right, we've seen it, they'd say it's fine, she'll go.");
Add("contractions upper", "I'M SURE YOU'RE RIGHT, WE'VE SEEN IT, THEY'D SAY IT'S FINE, SHE'LL GO.");
Add("contractions mixed case", "you'Re we'vE they'Ll it'S i'M he'D 'rE 'Ve 'lL");
Add("apostrophe s start", "'s 'S 't 'T 'm 'M 'd 'D");
Add("apostrophe words", "'still 'tis 'twas 'dunno 'mmm 'llama 'velvet 'rest");
Add("possessives", "James's book, the boss's office, the dogs' bones, O'Reilly's and McDonald's");
Add("cant wont", "can't won't shan't ain't y'all'd've");
Add("double apostrophe", "''s '' ' ''' x''y");
Add("apostrophe space", "' s ' ll it' s");
Add("curly apostrophe", "don\u2019t it\u2019s I\u2019LL");
Add("apostrophe after digits", "90's 1990'S 3'd");
Add("apostrophe after punct", "!'s ?'ll .'re");
Add("rock n roll", "rock'n'roll o'clock ne'er-do-well");

// Numbers.
for (let n = 1; n <= 12; ++n) {
    Add(`digits ${n}`, "1234567890123".slice(0, n));
}
Add("digits 20", "98765432109876543210");
Add("digits 33", "123456789012345678901234567890123");
Add("number with separators", "1,234,567.89 and 1 234 567 and 1_000_000");
Add("decimals", "3.14159 2.71828 -0.5 +42 1e10 6.022e23 1E-9");
Add("hex and binary", "0x1F 0xDEADBEEF 0b1010 0o777");
Add("dates and times", "2024-05-13T12:34:56Z 12/31/1999 23:59:59.999");
Add("phone", "+1 (555) 123-4567");
Add("version", "v1.2.3-beta.4+build.567");
Add("digits letters", "abc123def4567ghi89 a1b2c3");
Add("number space number", "1 2 3 4 5 10 20 300 4000");
Add("arabic-indic digits", "\u0661\u0662\u0663\u0664 \u06f1\u06f2\u06f3");
Add("devanagari digits", "\u0967\u0968\u0969\u096a\u096b");
Add("fullwidth digits", "\uff11\uff12\uff13\uff14\uff15");
Add("roman numeral letters", "\u216b \u2160\u2161\u2162 \u3007");
Add("fractions superscripts", "\u00bd \u00bc x\u00b2 y\u00b3 \u2460\u2461 \u2153");
Add("money", "$1,299.99 \u20ac5 \u00a310.50 \u00a51000 \u20b9250");
Add("percent", "99.9% 50 % 100%!");

// Whitespace.
Add("two spaces", "  ");
Add("spaces between", "a  b   c    d     e");
Add("many spaces", " ".repeat(100));
Add("spaces then word", " ".repeat(17) + "word");
Add("word spaces word", "word" + " ".repeat(40) + "word");
Add("tabs", "\t\t\tx\t y \t");
Add("mixed whitespace", " \t \t  x");
Add("vertical tab form feed", "a\u000bb\u000cc");
Add("nbsp", "a\u00a0b \u00a0c\u00a0\u00a0d");
Add("ideographic space", "\u3000\u3000\u65e5\u672c\u3000");
Add("unicode spaces", "a\u2002b\u2003c\u2009d\u202fe\u205ff\u1680g");
Add("line separator", "a\u2028b\u2029c");
Add("next line c1", "a\u0085b \u0085 c");
Add("zwsp and bom", "\ufeffstart\u200bmid\ufeff end");
Add("space before punct", "a !b ?c  ,d");
Add("trailing whitespace after newline", "x\n  ");
Add("trailing newline space newline", "a \n\n ");
Add("only newlines", "\n\n\n");
Add("spaces then newline", "   \n");

// Newlines and CRLF.
Add("lf", "line1\nline2\nline3\n");
Add("crlf", "line1\r\nline2\r\nline3\r\n");
Add("cr only", "a\rb\rc");
Add("blank lines", "a\n\n\n\nb");
Add("crlf blank lines", "a\r\n\r\n\r\nb");
Add("indented after newline", "if x:\n    y = 1\n        z = 2\n");
Add("spaces around newline", "a   \n   b");
Add("newline tab", "a\n\tb\n\t\tc");
Add("mixed line endings", "a\r\n\nb\n\r\nc\r\r\nd");
Add("punct then crlf", "end.\r\n!!\r\n\r\n");
Add("newline then punct", "\n!\n?\n");
Add("newline space letter", "\n a\n\tb\n\u00a0c");

// Punctuation runs.
Add("exclamations", "Wow!!! Really?!?! No...");
Add("ellipsis", "Wait\u2026 what\u2026\u2026");
Add("dashes", "---- ==== ____ ~~~~ ****");
Add("brackets", "((([[[{{{}}}]]])))");
Add("symbols", "@#$%^&*()_+-=[]{}|;:',.<>/?`~");
Add("space symbols", " !! ?? .. ,, ;; ::");
Add("quotes", "\"\u201cquoted\u201d\" \u00abguillemets\u00bb \u2018single\u2019 \u300cCJK\u300d");
Add("em dash", "one\u2014two \u2013 three");
Add("math symbols", "\u2200x\u2208\u211d: x\u00b2 \u2265 0 \u2227 \u2211\u1d62 a\u1d62 \u2248 \u03c0");
Add("arrows box drawing", "\u2192 \u21d2 \u2190 \u250c\u2500\u2500\u2510 \u2502x\u2502 \u2514\u2500\u2500\u2518");
Add("comment markers", "// comment\n/* block */\n# hash\n-- sql\n<!-- html -->");
Add("emoticons ascii", ":) :-( ;-) <3 :D xD ^_^");

// Emoji.
Add("emoji single", "\u{1F600}");
Add("emoji in text", "I love it \u{1F60D} so much\u{1F525}\u{1F525}\u{1F525}!");
Add("emoji skin tone", "\u{1F44D}\u{1F3FD} \u{1F44B}\u{1F3FF}");
Add("emoji zwj family", "\u{1F468}\u200d\u{1F469}\u200d\u{1F467}\u200d\u{1F466}");
Add("emoji rainbow flag", "\u{1F3F3}\ufe0f\u200d\u{1F308}");
Add("emoji flags", "\u{1F1FA}\u{1F1F8}\u{1F1EF}\u{1F1F5}\u{1F1E9}\u{1F1EA}");
Add("emoji keycap", "1\ufe0f\u20e3 #\ufe0f\u20e3");
Add("emoji heart variation", "\u2764\ufe0f \u2764 \u263a\ufe0f");
Add("emoji zwj professions", "\u{1F469}\u200d\u{1F4BB} \u{1F9D1}\u{1F3FD}\u200d\u{1F52C}");
Add("emoji only run", "\u{1F600}\u{1F603}\u{1F604}\u{1F601}\u{1F606}\u{1F605}\u{1F923}\u{1F602}");
Add("emoji with spaces", " \u{1F600} \u{1F600}  \u{1F600}\n");

// CJK.
Add("chinese", "\u4f60\u597d\uff0c\u4e16\u754c\uff01\u4eca\u5929\u5929\u6c14\u5f88\u597d\u3002");
Add("chinese long",
    "\u4eba\u5de5\u667a\u80fd\u662f\u8ba1\u7b97\u673a\u79d1\u5b66\u7684\u4e00\u4e2a\u5206\u652f" +
    "\uff0c\u5b83\u4f01\u56fe\u4e86\u89e3\u667a\u80fd\u7684\u5b9e\u8d28\u3002");
Add("japanese", "\u3053\u3093\u306b\u3061\u306f\u3001\u4e16\u754c\uff01\u30ab\u30bf\u30ab\u30ca\u3068\u3072\u3089\u304c\u306a\u3002");
Add("japanese prolonged mark", "\u30b3\u30fc\u30d2\u30fc\u3068\u30e9\u30fc\u30e1\u30f3");
Add("halfwidth katakana", "\uff76\uff80\uff76\uff85 \uff8a\uff9d\uff76\uff78");
Add("korean", "\uc548\ub155\ud558\uc138\uc694 \uc138\uacc4! \ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8\uc785\ub2c8\ub2e4.");
Add("korean jamo", "\u1100\u1161\u11a8 \u3131\u314f");
Add("cjk mixed with latin", "\u4f7f\u7528GPT-4o\u6a21\u578b\u8fdb\u884c\u6d4b\u8bd5\uff0c\u8017\u65f6123ms\u3002");
Add("cjk extension b", "\u{20000}\u{20001}\u{2A6D6}");

// Right-to-left and Indic scripts.
Add("arabic", "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645");
Add("arabic with harakat", "\u0628\u0650\u0633\u0652\u0645\u0650 \u0627\u0644\u0644\u0651\u064e\u0647\u0650");
Add("arabic punctuation", "\u0647\u0644 \u0623\u0646\u062a \u0628\u062e\u064a\u0631\u061f \u0646\u0639\u0645\u060c \u0634\u0643\u0631\u0627\u064b.");
Add("persian zwnj", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u06a9\u062a\u0627\u0628\u200c\u0647\u0627");
Add("hebrew niqqud", "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd \u05e2\u05d5\u05b9\u05dc\u05b8\u05dd");
Add("devanagari", "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e\u0964 \u0939\u093f\u0928\u094d\u0926\u0940 \u092d\u093e\u0937\u093e");
Add("tamil", "\u0bb5\u0ba3\u0b95\u0bcd\u0b95\u0bae\u0bcd \u0b89\u0bb2\u0b95\u0bae\u0bcd");
Add("bengali", "\u0986\u09ae\u09bf \u09ac\u09be\u0982\u09b2\u09be\u09df \u0997\u09be\u09a8 \u0997\u09be\u0987");
Add("thai", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a \u0e42\u0e25\u0e01");
Add("mixed rtl ltr", "The word \u0633\u0644\u0627\u0645 means peace (\u05e9\u05dc\u05d5\u05dd).");

// Accented Latin, Greek, Cyrillic, titlecase and modifier letters.
Add("accented composed", "caf\u00e9 na\u00efve \u00c5ngstr\u00f6m r\u00e9sum\u00e9 \u0152uvre Stra\u00dfe");
Add("accented decomposed", "cafe\u0301 nai\u0308ve A\u030angstro\u0308m");
Add("uppercase accented", "\u00c9COLE \u00c0 PARIS \u00dcBER \u00d1O\u00d1O");
Add("polish czech", "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148");
Add("vietnamese", "Ti\u1ebfng Vi\u1ec7t c\u00f3 nhi\u1ec1u d\u1ea5u thanh \u0111\u1eb7c bi\u1ec7t");
Add("greek", "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 \u03ba\u03cc\u03c3\u03bc\u03b5 \u0391\u0392\u0393 \u03b1\u03b2\u03b3");
Add("cyrillic", "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! \u041c\u041e\u0421\u041a\u0412\u0410 \u043c\u043e\u0441\u043a\u0432\u0430");
Add("titlecase letters", "\u01c5ungla \u01c8ubljana \u01cbovi \u1f88\u1f89 \u01f2");
Add("modifier letters", "\u02b0\u02b2 a\u02bcb \u02c6x \u3005\u3005 \u1d43\u1d47");
Add("other letters", "\u00aa\u00ba \u01bb \u05d0\u05d1 \u0e01");
Add("upper then lower run", "ABCdef ABC\u00e9f \u00c9Abc ABCDEFghijKLM");
Add("lower then upper", "abcDEF abc\u00c9 x\u01c5y");
Add("math alphanumerics", "\u{1D49C}\u{1D4B7}\u{1D4C3} \u{1D400}\u{1D41A} \u{1D7CE}\u{1D7CF}");
Add("german sharp s", "\u1e9e \u00df STRASSE stra\u00dfe");
Add("dotless i", "\u0131stanbul \u0130STANBUL");

// Combining marks.
Add("stacked marks", "a\u0301\u0302\u0303 e\u0308\u0304");
Add("lone mark", "\u0301");
Add("space mark", " \u0301 \u0301x");
Add("punct mark", "!\u0301 .\u0308s");
Add("mark after digit", "1\u0301 22\u0302");
Add("zalgo", "Z\u0324\u0354\u0367\u0311\u0313a\u0308\u0356\u032d\u0308\u0307l\u036e\u0312\u036b" +
    "g\u030c\u0317\u035ao\u0319\u0314\u036e\u0307\u0350\u0307");
Add("enclosing mark", "a\u20dd \u20e0\u20dd");
Add("mark contraction", "x\u0301's A\u0301'LL \u0301'd");
Add("marks between upper", "A\u0301B\u0302c D\u0301e\u0301F");
Add("spacing mark", "\u0915\u093e\u093f\u0940 \u093e");
Add("mark then crlf", "\u0301\r\n\u0301\n");

// Unusual but valid UTF-8.
Add("replacement char", "\ufffd \ufffd\ufffd x\ufffdy");
Add("noncharacters", "\uffff \ufdd0 \u{1FFFE} \u{10FFFF}");
Add("private use", "\ue000\uf8ff \u{F0000}");
Add("control chars", "\u0000a\u0001b\u001fc\u007fd");
Add("c1 controls", "\u0080\u009f \u0085");
Add("soft hyphen", "co\u00adop\u00aderation");
Add("zero width joiner alone", "a\u200db \u200d \u200c");
Add("variation selectors", "x\ufe0fy \ufe0e \u{E0100}");
Add("tags", "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}");
Add("gothic", "\u{10348}\u{10330}\u{10331}");
Add("byte order mark only", "\ufeff");
Add("bidi controls", "\u202eabc\u202c \u2066x\u2069");
Add("special token text", "<|endoftext|> and <|fim_prefix|><|fim_middle|> and <|im_start|>user");
Add("surrogate range neighbours", "\ud7ff\ue000");

// Long inputs.
Add("long english word", "pneumonoultramicroscopicsilicovolcanoconiosis");
Add("very long repeated word", "ab".repeat(600));
Add("very long a", "a".repeat(2000));
Add("long digits", "1234567890".repeat(30));
Add("long spaces then x", " ".repeat(300) + "x");
Add("long punctuation", "!?".repeat(200));
Add("long newlines", "\n".repeat(200) + "x");
Add("long base64", Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 11) % 256)).toString("base64"));
Add("long hex", Array.from({ length: 256 }, (_, i) => ((i * 97 + 5) % 256).toString(16).padStart(2, "0")).join(""));
Add("long url", "https://example.com/" + Array.from({ length: 40 }, (_, i) => `seg${i}`).join("/") + "?q=" + "x".repeat(100));
Add("long cjk", "\u6f22\u5b57".repeat(300));
Add("long devanagari word", "\u0915\u094d\u0937".repeat(200));
Add("long emoji run", "\u{1F600}".repeat(150));
Add("long mixed case word", "aB".repeat(300));

// Random mixtures: short strings drawn from a palette that mixes every class the split patterns
// distinguish, so that unusual neighbours (marks after punctuation, apostrophes after uppercase,
// CR/LF inside whitespace runs) are covered beyond the hand-written cases.
const kPalette = [
    "a", "b", "z", "e", "s", "t", "d", "m", "l", "r", "v", "A", "S", "T", "L", "R", "V", "Z",
    "0", "1", "7", "9", " ", " ", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\u000b", "\u00a0",
    "\u3000", "\u2028", "\u0085", "'", "'", "'", "\"", "!", ".", ",", "?", "-", "_", "/", "/", "(",
    ")", "#", "@", "\u00e9", "\u00c9", "\u00df", "\u01c5", "\u02b0", "\u3005", "\u00aa", "\u05d0",
    "\u4e2d", "\u6587", "\u3042", "\u30fc", "\ud55c", "\u0645", "\u064e", "\u0928", "\u093e",
    "\u094d", "\u0301", "\u0308", "\u20dd", "\u0661", "\u00bd", "\u2160", "\uff11", "\u{1F600}",
    "\u{1F44D}", "\u{1F3FD}", "\u200d", "\ufe0f", "\ufeff", "\u200b", "\u2014", "\u2026", "\u00ab",
    "\u{1D400}", "\u{1D41A}", "\u03a9", "\u03c9", "\u0416", "\u0436", "\ufffd", "\u0000",
];
let seed = 0x5eed1234;
function Random() {
    // mulberry32: a tiny deterministic generator, so the corpus is reproducible.
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
for (let i = 0; i < 80; ++i) {
    const length = 1 + Math.floor(Random() * 40);
    let text = "";
    for (let j = 0; j < length; ++j) {
        text += kPalette[Math.floor(Random() * kPalette.length)];
    }
    Add(`random ${i}`, text);
}

const lines = cases.map(({ name, text }) => {
    const entry = { name, text };
    for (const [encoding, encoder] of Object.entries(encoders)) {
        // Both special-token lists empty: special-token text is encoded as ordinary text.
        entry[encoding] = encoder.encode(text, [], []);
    }
    return "    " + JSON.stringify(entry);
});
const header = { generator: "tools/tokenizer/gen_golden.mjs", js_tiktoken: version };
writeFileSync(out,
    `{"generator": ${JSON.stringify(header.generator)}, "js_tiktoken": ${JSON.stringify(version)}, ` +
    `"cases": [\n${lines.join(",\n")}\n]}\n`);
console.log(`${out}: ${cases.length} cases`);
