from __future__ import annotations

from scrapy_cleanarticle.textutil import fold, fold_key, squash


def test_fold_makes_quotes_dashes_case_and_spaces_equal() -> None:
    assert fold("Kim Jong Un’s  visit — AFP") == fold("kim jong un's visit - afp")
    assert fold("ＡＢＣ") == "abc"  # NFKC
    assert fold_key("  ADVERTISEMENT:  ") == "advertisement"


def test_squash_collapses_every_unicode_space() -> None:
    assert squash(" a\u00a0\u2009b\n\tc ") == "a b c"
