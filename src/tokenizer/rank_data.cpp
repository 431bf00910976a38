#include "tokenizer/rank_data.hpp"

// Generated next to each .bin by convert.mjs: a digest of its contents. Using it below puts the
// digest into this file's preprocessed text, so a compiler cache cannot serve a stale object
// when the embedded data changes but this source does not.
#include "cl100k_base.digest.h"
#include "o200k_base.digest.h"

#if !defined(SY_TOKENIZER_CL100K_BASE_BIN) || !defined(SY_TOKENIZER_O200K_BASE_BIN)
#error "src/tokenizer/CMakeLists.txt passes the paths of the generated rank files"
#endif

// ELF assembler syntax; the gateway targets Linux only. Each file is padded to a multiple of
// four bytes so the end symbols stay aligned for the word view.
__asm__(
    ".pushsection .rodata.sy_tokenizer_ranks, \"a\"\n"
    "/* cl100k_base sha256 " SY_TOKENIZER_CL100K_BASE_DIGEST
    " */\n"
    ".balign 64\n"
    ".globl sy_tokenizer_cl100k_base_begin\n"
    "sy_tokenizer_cl100k_base_begin:\n"
    ".incbin \"" SY_TOKENIZER_CL100K_BASE_BIN
    "\"\n"
    ".balign 4\n"
    ".globl sy_tokenizer_cl100k_base_end\n"
    "sy_tokenizer_cl100k_base_end:\n"
    "/* o200k_base sha256 " SY_TOKENIZER_O200K_BASE_DIGEST
    " */\n"
    ".balign 64\n"
    ".globl sy_tokenizer_o200k_base_begin\n"
    "sy_tokenizer_o200k_base_begin:\n"
    ".incbin \"" SY_TOKENIZER_O200K_BASE_BIN
    "\"\n"
    ".balign 4\n"
    ".globl sy_tokenizer_o200k_base_end\n"
    "sy_tokenizer_o200k_base_end:\n"
    ".popsection\n");

extern "C" {
extern const std::uint32_t sy_tokenizer_cl100k_base_begin[];
extern const std::uint32_t sy_tokenizer_cl100k_base_end[];
extern const std::uint32_t sy_tokenizer_o200k_base_begin[];
extern const std::uint32_t sy_tokenizer_o200k_base_end[];
}

namespace switchyard::tokenizer::detail {

std::span<const std::uint32_t> EmbeddedRankData(Encoding encoding) {
    const bool o200k = encoding == Encoding::kO200kBase;
    const std::uint32_t* begin =
        o200k ? sy_tokenizer_o200k_base_begin : sy_tokenizer_cl100k_base_begin;
    const std::uint32_t* end = o200k ? sy_tokenizer_o200k_base_end : sy_tokenizer_cl100k_base_end;
    // Addresses, not pointer arithmetic: to the compiler these are two unrelated objects.
    const std::size_t bytes =
        reinterpret_cast<std::uintptr_t>(end) - reinterpret_cast<std::uintptr_t>(begin);
    return {begin, bytes / sizeof(std::uint32_t)};
}

}  // namespace switchyard::tokenizer::detail
