package dev.photopipe.sink.piwigo;

import java.text.Normalizer;
import java.util.Locale;

/** A Piwigo tag. */
public record Tag(long id, String name) {

    /**
     * The form in which Piwigo compares tag names: its tags table uses MySQL's
     * {@code utf8_general_ci}, so "Night", "NIGHT", "Nïght" and "Night " are one tag to
     * {@code pwg.tags.add} (err 1003 "already exists"). Two names with the same key are the same tag.
     */
    public static String matchKey(String name) {
        String unpadded = name.replaceAll(" +$", ""); // PAD SPACE collation: trailing spaces do not count
        String noAccents = Normalizer.normalize(unpadded, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return noAccents.toLowerCase(Locale.ROOT);
    }

    /** Whether Piwigo takes {@code other} for this tag's name. */
    public boolean matches(String other) {
        return matchKey(name).equals(matchKey(other));
    }
}
