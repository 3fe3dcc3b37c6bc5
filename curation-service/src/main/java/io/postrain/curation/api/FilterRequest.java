package io.postrain.curation.api;

import java.util.List;

/**
 * The body of {@code POST /datasets/{id}/filter}: every field optional, null meaning the default of
 * {@link io.postrain.curate.filter.FilterSettings} (see docs/curation.md, "Filtering").
 *
 * @param name the new dataset's name (default: the source's name + " (filtered)")
 * @param seed seeds MinHash and the diversity tie-breaks (default 0)
 * @param minLength shortest row kept, in words (default 1)
 * @param maxLength longest row kept, in words (default none)
 * @param exactDuplicates drop exact duplicates (default true)
 * @param nearDuplicates drop MinHash near duplicates (default true)
 * @param maxRepeatedLineFraction in [0, 1] (default 0.3)
 * @param repeatedNgram n of the repeated n-gram check, >= 2 (default 5)
 * @param maxRepeatedNgramFraction in [0, 1] (default 0.3)
 * @param refusals refusal phrases replacing the built-in list ([] for none)
 * @param targetSize keep at most this many rows, chosen for diversity (default: all that pass)
 */
public record FilterRequest(
    String name,
    Long seed,
    Integer minLength,
    Integer maxLength,
    Boolean exactDuplicates,
    Boolean nearDuplicates,
    Double maxRepeatedLineFraction,
    Integer repeatedNgram,
    Double maxRepeatedNgramFraction,
    List<String> refusals,
    Integer targetSize) {}
