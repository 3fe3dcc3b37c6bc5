package io.postrain.lm.template;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Python's {@code datetime.strftime} for the directives chat templates use (C locale). */
final class PythonStrftime {

  private PythonStrftime() {}

  /** Formats {@code time} with a Python strftime {@code format}. */
  static String format(LocalDateTime time, String format) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        b.append(c);
        continue;
      }
      char d = format.charAt(++i);
      b.append(
          switch (d) {
            case 'Y' -> String.format("%04d", time.getYear());
            case 'y' -> String.format("%02d", time.getYear() % 100);
            case 'm' -> String.format("%02d", time.getMonthValue());
            case 'd' -> String.format("%02d", time.getDayOfMonth());
            case 'H' -> String.format("%02d", time.getHour());
            case 'I' -> String.format("%02d", (time.getHour() + 11) % 12 + 1);
            case 'M' -> String.format("%02d", time.getMinute());
            case 'S' -> String.format("%02d", time.getSecond());
            case 'j' -> String.format("%03d", time.getDayOfYear());
            case 'p' -> time.getHour() < 12 ? "AM" : "PM";
            case 'b' -> pattern(time, "MMM");
            case 'B' -> pattern(time, "MMMM");
            case 'a' -> pattern(time, "EEE");
            case 'A' -> pattern(time, "EEEE");
            case '%' -> "%";
            default ->
                throw new ChatTemplateException(
                    "strftime_now: unsupported directive %"
                        + d
                        + " (supported: Y y m d H I M S j p b B a A %)");
          });
    }
    return b.toString();
  }

  private static String pattern(LocalDateTime time, String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(time);
  }
}
