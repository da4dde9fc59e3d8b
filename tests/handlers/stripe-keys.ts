/** The fake Stripe's credentials (tests only): a key Stripe never issues, so the fake can never meet a real account. */
export const STRIPE_TEST_KEY = "sk_test_fake_nongsanso";
export const STRIPE_TEST_WEBHOOK_SECRET = "whsec_nongsanso_fake";
