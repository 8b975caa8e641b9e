"""The provider portal: a provider's own listings and referral inbox."""
