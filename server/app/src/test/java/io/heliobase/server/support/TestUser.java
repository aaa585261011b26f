package io.heliobase.server.support;

import static org.assertj.core.api.Assertions.assertThat;

/** A user signed up for a test, with an Api that carries their session. Password: "pw-" + username. */
public record TestUser(String id, String token, Api api) {

    public static TestUser signUp(Api api, String username) {
        return create(api, "{\"username\":\"" + username + "\",\"password\":\"pw-" + username + "\"}");
    }

    /** With an email too: {@code username@example.com}. */
    public static TestUser signUpWithEmail(Api api, String username) {
        return create(api, "{\"username\":\"" + username + "\",\"password\":\"pw-" + username + "\",\"email\":\""
                + username + "@example.com\"}");
    }

    private static TestUser create(Api api, String body) {
        Api.Response user = api.post("/users", body);
        assertThat(user.status()).as(user.text()).isEqualTo(201);
        String token = user.get("sessionToken").asText();
        return new TestUser(user.get("objectId").asText(), token, api.with("X-Parse-Session-Token", token));
    }

    /** This user as a Pointer in request JSON. */
    public String pointer() {
        return "{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\"" + id + "\"}";
    }
}
