package io.heliobase.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** /files: Parse's upload rules, JSON-wrapped uploads as the JS SDK sends, downloads with Range, master deletes. */
class FilesApiIT {

    @Test
    void uploadDownloadRangeAndDelete() {
        try (TestServer server = TestServer.start()) {
            Api.Response refused = server.api().sendBytes("POST", "/files/hello.txt",
                    "hi".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(refused.code()).isEqualTo(130);
            assertThat(refused.get("error").asText()).isEqualTo("File upload by public is disabled.");
            Api.Response html = server.master().sendBytes("POST", "/files/page.html",
                    "<script>".getBytes(StandardCharsets.UTF_8), "text/html");
            assertThat(html.code()).isEqualTo(130);

            Api.Response created = server.master().sendBytes("POST", "/files/hello.txt",
                    "hello, world".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String name = created.get("name").asText();
            assertThat(name).matches("[0-9a-f]{32}_hello\\.txt");
            String url = created.get("url").asText();
            String path = URI.create(url).getPath().substring("/parse".length());

            Api anonymous = server.api().without("X-Parse-Application-Id");
            Api.Response download = anonymous.get(path);
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.text()).isEqualTo("hello, world");
            assertThat(download.raw().headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; sandbox");
            assertThat(download.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            Api.Response range = anonymous.with("Range", "bytes=7-11").get(path);
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.text()).isEqualTo("world");
            assertThat(range.raw().headers().firstValue("Content-Range")).hasValue("bytes 7-11/12");

            Api.Response wrapped = server.master().sendBytes("POST", "/files/data.bin",
                    "{\"base64\":\"AQID\",\"_ContentType\":\"application/octet-stream\",\"fileData\":{\"metadata\":{\"k\":\"v\"}}}"
                            .getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(wrapped.status()).as(wrapped.text()).isEqualTo(201);
            String wrappedPath = URI.create(wrapped.get("url").asText()).getPath().substring("/parse".length());
            assertThat(anonymous.get(wrappedPath).raw().body()).containsExactly(1, 2, 3);
            String metaPath = "/files/" + TestServer.APP_ID + "/metadata/" + wrapped.get("name").asText();
            assertThat(server.api().get(metaPath).json().path("metadata").path("k").asText()).isEqualTo("v");

            assertThat(server.api().delete("/files/" + name).status()).isEqualTo(403);
            assertThat(server.master().delete("/files/" + name).status()).isEqualTo(200);
            assertThat(anonymous.get(path).status()).isEqualTo(404);
        }
    }
}
