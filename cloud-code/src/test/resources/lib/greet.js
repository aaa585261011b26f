const { punctuation } = require('./style.json');
module.exports = (name) => 'hello ' + name + punctuation;
