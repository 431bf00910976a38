#include "providers/registry.hpp"

#include <gtest/gtest.h>

namespace switchyard::providers {
namespace {

TEST(Registry, BuiltinAdaptersAreFoundByConfigName) {
    const Registry registry = BuiltinAdapters();
    const Adapter* openai = registry.Find("openai");
    ASSERT_NE(openai, nullptr);
    EXPECT_EQ(openai->name(), "openai");
    const Adapter* compatible = registry.Find("openai-compatible");
    ASSERT_NE(compatible, nullptr);
    EXPECT_EQ(compatible->name(), "openai-compatible");
    EXPECT_EQ(registry.Find("no-such-adapter"), nullptr);
}

TEST(Target, DroppedParameters) {
    Target target;
    EXPECT_FALSE(target.Dropped("temperature"));
    const std::vector<std::string> dropped = {"temperature", "tools"};
    target.dropped_parameters = &dropped;
    EXPECT_TRUE(target.Dropped("temperature"));
    EXPECT_TRUE(target.Dropped("tools"));
    EXPECT_FALSE(target.Dropped("top_p"));
}

}  // namespace
}  // namespace switchyard::providers
