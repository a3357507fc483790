// Apache Tika in one warm JVM, for bench.tika: reads file paths on stdin, parses each with AutoDetectParser
// (OCR off), writes the text to OUT/<n>.txt and prints "n<TAB>milliseconds<TAB>characters<TAB>status".
import java.io.InputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.sax.BodyContentHandler;

public class TikaBench {
    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        Files.createDirectories(out);
        AutoDetectParser parser = new AutoDetectParser();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            n++;
            ParseContext context = new ParseContext();
            TesseractOCRConfig ocr = new TesseractOCRConfig();
            ocr.setSkipOcr(true);
            context.set(TesseractOCRConfig.class, ocr);
            PDFParserConfig pdf = new PDFParserConfig();
            pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
            context.set(PDFParserConfig.class, pdf);
            context.set(Parser.class, parser);  // embedded documents too, as Tika's defaults do
            BodyContentHandler handler = new BodyContentHandler(-1);
            String status = "ok";
            long start = System.nanoTime();
            try (InputStream stream = TikaInputStream.get(Paths.get(line))) {
                parser.parse(stream, handler, new Metadata(), context);
            } catch (Throwable e) {
                status = e.getClass().getSimpleName();
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            String text = handler.toString();
            Files.writeString(out.resolve(n + ".txt"), text, StandardCharsets.UTF_8);
            System.out.println(n + "\t" + ms + "\t" + text.length() + "\t" + status);
            System.out.flush();
        }
    }
}
