package io.postrain.scenario;

import java.util.List;

/**
 * The languages the scenario's questions are written in, with the polite openings and closings that
 * vary their surface form.
 *
 * <p>An opening that ends in a comma or colon continues the sentence, so the question after it
 * starts in lower case ({@link Phrasings}).
 */
public enum Language {
  /** English. */
  EN(
      "en",
      List.of(
          "Hi! ",
          "Hello, ",
          "Hey, ",
          "Please tell me: ",
          "Quick question: ",
          "Excuse me, ",
          "Hi there. ",
          "Good morning! "),
      List.of(" Thanks!", " Thank you.", " Please answer briefly.", " Please.", " Thanks a lot.")),
  /** German. */
  DE(
      "de",
      List.of("Hallo! ", "Hallo, ", "Entschuldigung, ", "Kurze Frage: ", "Guten Tag! "),
      List.of(" Danke!", " Bitte.", " Vielen Dank.")),
  /** French. */
  FR(
      "fr",
      List.of("Bonjour ! ", "Salut, ", "Petite question : ", "Excuse-moi, "),
      List.of(" Merci !", " S'il te plaît.", " Merci beaucoup.")),
  /** Spanish. */
  ES(
      "es",
      List.of("¡Hola! ", "Perdona, ", "Una pregunta: ", "Buenos días. "),
      List.of(" ¡Gracias!", " Por favor.", " Muchas gracias.")),
  /** Chinese (no spaces, full-width punctuation). */
  ZH("zh", List.of("你好！", "请问，", "您好，", "打扰一下，"), List.of("谢谢！", "谢谢。", "请简短回答。")),
  /** Portuguese. */
  PT("pt", List.of("Olá! ", "Uma pergunta: ", "Oi, "), List.of(" Obrigado!", " Por favor.")),
  /** Italian. */
  IT("it", List.of("Ciao! ", "Scusa, ", "Una domanda: "), List.of(" Grazie!", " Per favore."));

  private final String code;
  private final List<String> openings;
  private final List<String> closings;

  Language(String code, List<String> openings, List<String> closings) {
    this.code = code;
    this.openings = openings;
    this.closings = closings;
  }

  /** The ISO 639-1 code, e.g. {@code de}. */
  public String code() {
    return code;
  }

  /** Polite openings placed before a question, each with its trailing separator. */
  public List<String> openings() {
    return openings;
  }

  /** Polite closings placed after a question, each with its leading separator. */
  public List<String> closings() {
    return closings;
  }
}
